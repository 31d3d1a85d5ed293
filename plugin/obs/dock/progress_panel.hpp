// The running job: its phase in words (uploading n%, the agent working,
// rendering n%, downloading n%), a bar, the elapsed time, and Cancel.
// Hidden when nothing runs.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QWidget>

#include "obs/generation_service.hpp"

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace nemo::obs {

class ProgressPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ProgressPanel(QWidget *parent = nullptr);

  // A job's snapshot: shows it (a finished one hides the panel).
  void show_job(const JobSnapshot &job);
  void clear();
  QString job_id() const { return job_id_; }

  // "uploading 42%" etc. for a phase (also used by the history).
  static QString phase_text(const std::string &phase, int progress);
  static QString elapsed_text(double seconds);

 Q_SIGNALS:
  void cancel_requested(const QString &job_id);

 private:
  void tick();

  QLabel *phase_ = nullptr;
  QLabel *elapsed_ = nullptr;
  QProgressBar *bar_ = nullptr;
  QPushButton *cancel_ = nullptr;
  QTimer *timer_ = nullptr;
  QString job_id_;
  double base_elapsed_ = 0;
  QElapsedTimer since_update_;
};

}  // namespace nemo::obs
