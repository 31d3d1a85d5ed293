// The conversation: what the streamer asked, what the agent answered, the
// "still working" notes and errors in plain words (with a clickable link,
// e.g. the registration page when the credits are used up). Text is
// escaped: nothing the backend sends is interpreted as HTML.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QTextBrowser>

class QUrl;

namespace nemo::obs {

class TranscriptView : public QTextBrowser {
  Q_OBJECT

 public:
  explicit TranscriptView(QWidget *parent = nullptr);

  void add_user(const QString &text);
  void add_agent(const QString &text);
  void add_note(const QString &text);  // progress notes ("Still working...")
  void add_error(const QString &text, const QString &link = QString());
  // An error with an action the dock can take (e.g. "Switch to offline"):
  // clicking it emits action_requested(action).
  void add_error_with_action(const QString &text, const QString &action_text,
                             const QString &action);

 Q_SIGNALS:
  void action_requested(const QString &action);

 private:
  void on_anchor(const QUrl &url);
  void append_block(const QString &html);
};

}  // namespace nemo::obs
