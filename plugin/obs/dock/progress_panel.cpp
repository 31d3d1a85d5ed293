// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/progress_panel.hpp"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

#include "obs/dock/dock_text.hpp"

namespace nemo::obs {

ProgressPanel::ProgressPanel(QWidget *parent) : QWidget(parent) {
  setObjectName(QStringLiteral("nemo-progress"));
  phase_ = new QLabel(this);
  phase_->setWordWrap(true);
  elapsed_ = new QLabel(this);
  elapsed_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 100);
  bar_->setTextVisible(false);
  bar_->setMaximumHeight(8);
  cancel_ = new QPushButton(tr_text("Dock.Cancel"), this);
  timer_ = new QTimer(this);
  timer_->setInterval(1000);

  auto *grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(phase_, 0, 0);
  grid->addWidget(elapsed_, 0, 1);
  grid->addWidget(bar_, 1, 0, 1, 2);
  grid->addWidget(cancel_, 0, 2, 2, 1);
  grid->setColumnStretch(0, 1);

  connect(cancel_, &QPushButton::clicked, this, [this] {
    if (!job_id_.isEmpty()) {
      cancel_->setEnabled(false);
      Q_EMIT cancel_requested(job_id_);
    }
  });
  connect(timer_, &QTimer::timeout, this, &ProgressPanel::tick);
  hide();
}

QString ProgressPanel::phase_text(const std::string &phase, int progress) {
  const QString percent = QString::number(progress);
  if (phase == "converting") return tr_text("Dock.Phase.Converting").arg(percent);
  if (phase == "uploading") return tr_text("Dock.Phase.Uploading").arg(percent);
  if (phase == "agent") return tr_text("Dock.Phase.Agent");
  if (phase == "rendering") return tr_text("Dock.Phase.Rendering").arg(percent);
  if (phase == "downloading") return tr_text("Dock.Phase.Downloading").arg(percent);
  if (phase == "probing") return tr_text("Dock.Phase.Probing");
  return tr_text("Dock.Phase.Queued");
}

QString ProgressPanel::elapsed_text(double seconds) {
  const int total = seconds < 0 ? 0 : static_cast<int>(seconds);
  return QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

void ProgressPanel::show_job(const JobSnapshot &job) {
  const bool active = job.status == JobStatus::Queued || job.status == JobStatus::Running;
  if (!active) {
    if (QString::fromStdString(job.id) == job_id_) clear();
    return;
  }
  const QString id = QString::fromStdString(job.id);
  if (id != job_id_) cancel_->setEnabled(true);
  job_id_ = id;
  QString text = phase_text(job.phase, job.progress);
  if (!job.message.empty() && job.phase.empty()) text = QString::fromStdString(job.message);
  phase_->setText(text);
  // The agent's phase has no percentage: a busy bar.
  if (job.phase == "agent" || job.phase == "probing" || job.phase.empty()) {
    bar_->setRange(0, 0);
  } else {
    bar_->setRange(0, 100);
    bar_->setValue(job.progress);
  }
  base_elapsed_ = job.elapsed_s;
  since_update_.start();
  tick();
  if (!timer_->isActive()) timer_->start();
  show();
}

void ProgressPanel::clear() {
  job_id_.clear();
  timer_->stop();
  hide();
}

void ProgressPanel::tick() {
  const double seconds =
      base_elapsed_ + (since_update_.isValid() ? since_update_.elapsed() / 1000.0 : 0.0);
  elapsed_->setText(elapsed_text(seconds));
}

}  // namespace nemo::obs
