// The prompt box: Enter sends, Shift+Enter starts a new line (an input
// method's composition is left alone: it does not arrive as key presses).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QPlainTextEdit>

namespace nemo::obs {

class PromptEdit : public QPlainTextEdit {
  Q_OBJECT

 public:
  explicit PromptEdit(QWidget *parent = nullptr);
  QSize sizeHint() const override;

 Q_SIGNALS:
  void submitted();

 protected:
  void keyPressEvent(QKeyEvent *event) override;
};

}  // namespace nemo::obs
