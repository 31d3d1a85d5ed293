// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/transcript_view.hpp"

#include <QScrollBar>
#include <QUrl>

#include "obs/dock/dock_text.hpp"

namespace nemo::obs {
namespace {

QString body(const QString &text) {
  return text.toHtmlEscaped().replace(QStringLiteral("\n"), QStringLiteral("<br>"));
}

}  // namespace

TranscriptView::TranscriptView(QWidget *parent) : QTextBrowser(parent) {
  setObjectName(QStringLiteral("nemo-transcript"));
  setOpenExternalLinks(true);
  setOpenLinks(true);
  setReadOnly(true);
  setPlaceholderText(tr_text("Dock.Transcript.Placeholder"));
  setMinimumHeight(80);
}

void TranscriptView::append_block(const QString &html) {
  QScrollBar *bar = verticalScrollBar();
  const bool at_end = bar->value() >= bar->maximum() - 4;
  append(html);
  if (at_end) bar->setValue(bar->maximum());
}

void TranscriptView::add_user(const QString &text) {
  append_block(QStringLiteral("<p><b>%1</b> %2</p>")
                   .arg(tr_text("Dock.Transcript.You").toHtmlEscaped(), body(text)));
}

void TranscriptView::add_agent(const QString &text) {
  append_block(QStringLiteral("<p><b>%1</b> %2</p>")
                   .arg(tr_text("Dock.Transcript.Agent").toHtmlEscaped(), body(text)));
}

void TranscriptView::add_note(const QString &text) {
  append_block(QStringLiteral("<p><i>%1</i></p>").arg(body(text)));
}

void TranscriptView::add_error(const QString &text, const QString &link) {
  QString html = QStringLiteral("<p><span style=\"color:#e05555;\">%1</span>").arg(body(text));
  const QUrl url(link, QUrl::StrictMode);
  if (url.isValid() &&
      (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))) {
    html += QStringLiteral(" <a href=\"%1\">%2</a>")
                .arg(QString::fromUtf8(url.toEncoded()).toHtmlEscaped(),
                     tr_text("Dock.Transcript.OpenLink").toHtmlEscaped());
  }
  append_block(html + QStringLiteral("</p>"));
}

}  // namespace nemo::obs
