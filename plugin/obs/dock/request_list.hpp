// The dock's Requests tab: viewers' requests waiting for the streamer
// (ViewerRequests::pending(), oldest first, kept up to date by its events):
// who asked, through what, when, and the words; Approve, Reject and
// "Approve all from this viewer" for the selected one; a switch for
// approval itself, and what viewer jobs spent today.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QWidget>
#include <string>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace nemo::obs {

struct PluginSettings;

class RequestList : public QWidget {
  Q_OBJECT

 public:
  explicit RequestList(QWidget *parent = nullptr);
  ~RequestList() override;

  int count() const;
  void apply_settings(const PluginSettings &settings);  // the switch and the summary line
  void shutdown();                                      // stop listening (OBS quits)

 public Q_SLOTS:
  void reload();
  void approve_selected();
  void reject_selected();
  void approve_all_selected();

 Q_SIGNALS:
  void message(const QString &text);  // for the transcript
  void changed();                     // the number waiting changed (the tab's title)

 private:
  QString selected_id() const;
  bool find_pending(const std::string &id) const;
  void update_buttons();
  void update_summary();

  QCheckBox *approval_ = nullptr;
  QLabel *summary_ = nullptr;
  QListWidget *list_ = nullptr;
  QPushButton *approve_ = nullptr;
  QPushButton *reject_ = nullptr;
  QPushButton *approve_all_ = nullptr;
  int token_ = 0;
  bool enabled_ = true;
  int daily_credits_ = 0;
};

}  // namespace nemo::obs
