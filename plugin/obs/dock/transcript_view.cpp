// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/transcript_view.hpp"

#include <QDesktopServices>
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
  // Links are handled here: web pages open in the browser, the dock's own
  // actions ("nemo-action:...") are signalled; nothing navigates the view.
  setOpenLinks(false);
  connect(this, &QTextBrowser::anchorClicked, this, &TranscriptView::on_anchor);
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

void TranscriptView::add_error_with_action(const QString &text, const QString &action_text,
                                           const QString &action) {
  append_block(QStringLiteral("<p><span style=\"color:#e05555;\">%1</span> "
                              "<a href=\"nemo-action:%2\">%3</a></p>")
                   .arg(body(text), action.toHtmlEscaped(), action_text.toHtmlEscaped()));
}

void TranscriptView::on_anchor(const QUrl &url) {
  if (url.scheme() == QLatin1String("nemo-action")) {
    Q_EMIT action_requested(url.path());
  } else if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")) {
    QDesktopServices::openUrl(url);  // hands it to the desktop's browser; returns at once
  }
}

}  // namespace nemo::obs
