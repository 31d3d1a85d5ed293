// The clips made so far (GenerationService::jobs(), newest first, kept up to
// date by the service's events): a thumbnail, the prompt, the length and the
// status; Add to scene, Show in folder and Delete for the selected clip
// (from the history only, or the file too: GenerationService::remove_job).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QSet>
#include <QWidget>
#include <vector>

#include "obs/generation_service.hpp"

class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace nemo::obs {

class HistoryList : public QWidget {
  Q_OBJECT

 public:
  explicit HistoryList(QWidget *parent = nullptr);
  ~HistoryList() override;

  void set_jobs(const std::vector<JobSnapshot> &jobs);  // newest first
  void upsert(const JobSnapshot &job);
  int count() const;

 public Q_SLOTS:
  void add_selected_to_scene();
  void queue_selected();
  void show_selected_in_folder();
  void delete_selected();

 Q_SIGNALS:
  void message(const QString &text);  // for the transcript (e.g. "added to Scene")
  void removed();                     // an entry left the history (the tab's count)

 private:
  QListWidgetItem *find(const QString &id) const;
  void fill(QListWidgetItem *item, const JobSnapshot &job);
  void update_buttons();
  QString selected_clip() const;

  QListWidget *list_ = nullptr;
  QPushButton *add_ = nullptr;
  QPushButton *queue_ = nullptr;
  QPushButton *folder_ = nullptr;
  QPushButton *delete_ = nullptr;
  QSet<QString> deleted_;  // ids the streamer removed (late events are ignored)
};

}  // namespace nemo::obs
