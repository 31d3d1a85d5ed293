// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/prompt_edit.hpp"

#include <QKeyEvent>

namespace nemo::obs {

PromptEdit::PromptEdit(QWidget *parent) : QPlainTextEdit(parent) {
  setTabChangesFocus(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize PromptEdit::sizeHint() const {
  const int lines = 3;
  const int height = fontMetrics().lineSpacing() * lines +
                     static_cast<int>(document()->documentMargin() * 2) + frameWidth() * 2;
  return QSize(QPlainTextEdit::sizeHint().width(), height);
}

void PromptEdit::keyPressEvent(QKeyEvent *event) {
  const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
  if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
    event->accept();
    Q_EMIT submitted();
    return;
  }
  if (enter) {
    insertPlainText(QStringLiteral("\n"));
    event->accept();
    return;
  }
  QPlainTextEdit::keyPressEvent(event);
}

}  // namespace nemo::obs
