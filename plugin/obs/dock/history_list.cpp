// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/history_list.hpp"

#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QStringList>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

#include "obs/dock/dock_text.hpp"
#include "obs/dock/progress_panel.hpp"
#include "obs/dock/scene_actions.hpp"
#include "obs/obs_log.hpp"

namespace nemo::obs {
namespace {

constexpr int kIdRole = Qt::UserRole;
constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kStatusRole = Qt::UserRole + 2;

QString status_text(const JobSnapshot &job) {
  switch (job.status) {
    case JobStatus::Queued:
      return tr_text("Dock.Status.Queued");
    case JobStatus::Running:
      return ProgressPanel::phase_text(job.phase, job.progress);
    case JobStatus::Completed:
      return tr_text("Dock.Status.Completed");
    case JobStatus::Failed:
      return tr_text("Dock.Status.Failed");
    case JobStatus::Cancelled:
      return tr_text("Dock.Status.Cancelled");
  }
  return {};
}

}  // namespace

HistoryList::HistoryList(QWidget *parent) : QWidget(parent) {
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("nemo-history"));
  list_->setIconSize(QSize(40, 40));
  list_->setWordWrap(true);
  list_->setTextElideMode(Qt::ElideRight);
  list_->setUniformItemSizes(false);
  add_ = new QPushButton(tr_text("Dock.History.AddToScene"), this);
  queue_ = new QPushButton(tr_text("Dock.History.AddToQueue"), this);
  queue_->setToolTip(tr_text("Dock.History.AddToQueueTip"));
  folder_ = new QPushButton(tr_text("Dock.History.ShowInFolder"), this);
  delete_ = new QPushButton(tr_text("Dock.History.Delete"), this);

  auto *buttons = new QHBoxLayout;
  buttons->setContentsMargins(0, 0, 0, 0);
  buttons->addWidget(add_);
  buttons->addWidget(queue_);
  buttons->addWidget(folder_);
  buttons->addStretch(1);
  buttons->addWidget(delete_);

  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(list_, 1);
  layout->addLayout(buttons);

  connect(add_, &QPushButton::clicked, this, &HistoryList::add_selected_to_scene);
  connect(queue_, &QPushButton::clicked, this, &HistoryList::queue_selected);
  connect(folder_, &QPushButton::clicked, this, &HistoryList::show_selected_in_folder);
  connect(delete_, &QPushButton::clicked, this, &HistoryList::delete_selected);
  connect(list_, &QListWidget::itemSelectionChanged, this, &HistoryList::update_buttons);
  connect(list_, &QListWidget::itemDoubleClicked, this, &HistoryList::add_selected_to_scene);
  update_buttons();
}

HistoryList::~HistoryList() = default;

int HistoryList::count() const {
  return list_->count();
}

QListWidgetItem *HistoryList::find(const QString &id) const {
  for (int i = 0; i < list_->count(); ++i) {
    if (list_->item(i)->data(kIdRole).toString() == id) return list_->item(i);
  }
  return nullptr;
}

void HistoryList::fill(QListWidgetItem *item, const JobSnapshot &job) {
  const QString prompt = job.prompt.empty() ? tr_text("Dock.History.NoPrompt")
                                            : QString::fromStdString(job.prompt).simplified();
  QString second = status_text(job);
  if (job.status == JobStatus::Completed && job.clip_duration_s > 0) {
    second = ProgressPanel::elapsed_text(job.clip_duration_s) + QStringLiteral(" · ") + second;
  }
  item->setText(prompt + QStringLiteral("\n") + second);
  item->setToolTip(job.clip_path.empty()
                       ? prompt
                       : prompt + QStringLiteral("\n") + QString::fromStdString(job.clip_path));
  item->setData(kIdRole, QString::fromStdString(job.id));
  item->setData(kPathRole, QString::fromStdString(job.clip_path));
  item->setData(kStatusRole, static_cast<int>(job.status));
  QStyle::StandardPixmap icon = QStyle::SP_BrowserReload;
  if (job.status == JobStatus::Completed) icon = QStyle::SP_MediaPlay;
  if (job.status == JobStatus::Failed) icon = QStyle::SP_MessageBoxWarning;
  if (job.status == JobStatus::Cancelled) icon = QStyle::SP_DialogCancelButton;
  item->setIcon(style()->standardIcon(icon));
}

void HistoryList::set_jobs(const std::vector<JobSnapshot> &jobs) {
  list_->clear();
  for (const auto &job : jobs) {
    if (job.id.empty() || deleted_.contains(QString::fromStdString(job.id))) continue;
    auto *item = new QListWidgetItem;
    fill(item, job);
    list_->addItem(item);
  }
  update_buttons();
}

void HistoryList::upsert(const JobSnapshot &job) {
  const QString id = QString::fromStdString(job.id);
  if (id.isEmpty() || deleted_.contains(id)) return;
  QListWidgetItem *item = find(id);
  if (!item) {
    item = new QListWidgetItem;
    list_->insertItem(0, item);  // newest first
  }
  fill(item, job);
  update_buttons();
}

QString HistoryList::selected_clip() const {
  const QListWidgetItem *item = list_->currentItem();
  if (!item || !item->isSelected()) return {};
  return item->data(kPathRole).toString();
}

void HistoryList::update_buttons() {
  const bool has_clip = !selected_clip().isEmpty();
  add_->setEnabled(has_clip);
  queue_->setEnabled(has_clip);
  folder_->setEnabled(has_clip);
  delete_->setEnabled(list_->currentItem() && list_->currentItem()->isSelected());
}

void HistoryList::add_selected_to_scene() {
  const QString clip = selected_clip();
  if (clip.isEmpty()) return;
  const std::string name = add_clip_to_current_scene(clip.toStdString());
  if (name.empty()) {
    Q_EMIT message(tr_text("Dock.History.AddFailed"));
  } else {
    Q_EMIT message(tr_text("Dock.History.Added").arg(QString::fromStdString(name)));
  }
}

void HistoryList::queue_selected() {
  const QString clip = selected_clip();
  if (clip.isEmpty()) return;
  const std::string name = queue_clip_in_current_scene(clip.toStdString());
  if (name.empty()) {
    Q_EMIT message(tr_text("Dock.History.QueueFailed"));
  } else {
    Q_EMIT message(tr_text("Dock.History.Queued").arg(QString::fromStdString(name)));
  }
}

void HistoryList::show_selected_in_folder() {
  const QString clip = selected_clip();
  if (clip.isEmpty()) return;
  QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(clip).absolutePath()));
}

void HistoryList::delete_selected() {
  QListWidgetItem *item = list_->currentItem();
  if (!item || !item->isSelected()) return;
  const QString id = item->data(kIdRole).toString();
  const auto status = static_cast<JobStatus>(item->data(kStatusRole).toInt());
  if (status == JobStatus::Queued || status == JobStatus::Running) {
    Q_EMIT message(tr_text("Dock.History.StillRunning"));
    return;
  }
  // Removing from the history keeps the file (the default); deleting the
  // file is the streamer's explicit second choice, and the box says which
  // sources still show it.
  const QString clip = item->data(kPathRole).toString();
  const QString prompt = item->text().section(QLatin1Char('\n'), 0, 0);
  QMessageBox box(QMessageBox::Question, tr_text("Dock.History.RemoveTitle"),
                  tr_text("Dock.History.RemoveText").arg(prompt), QMessageBox::NoButton, this);
  QPushButton *remove = box.addButton(tr_text("Dock.History.RemoveOnly"), QMessageBox::AcceptRole);
  QPushButton *delete_file = nullptr;
  if (!clip.isEmpty()) {
    QString details = tr_text("Dock.History.KeepsFile").arg(QFileInfo(clip).fileName());
    QStringList users;
    for (const std::string &name : sources_using_file(clip.toStdString()))
      users << QStringLiteral("“%1”").arg(QString::fromStdString(name));
    if (!users.isEmpty())
      details += QStringLiteral("\n\n") +
                 tr_text("Dock.History.InUse").arg(users.join(QStringLiteral(", ")));
    box.setInformativeText(details);
    delete_file = box.addButton(tr_text("Dock.History.DeleteFile"), QMessageBox::DestructiveRole);
  }
  box.addButton(QMessageBox::Cancel);
  box.setDefaultButton(remove);
  box.exec();
  const bool remove_only = box.clickedButton() == remove;
  const bool with_file = delete_file && box.clickedButton() == delete_file;
  if (!remove_only && !with_file) return;

  // The item may have changed while the box was open: look it up again.
  if (!GenerationService::instance().remove_job(id.toStdString(), with_file)) {
    Q_EMIT message(tr_text("Dock.History.StillRunning"));
    return;
  }
  deleted_.insert(id);
  delete find(id);
  update_buttons();
  Q_EMIT message(with_file ? tr_text("Dock.History.FileDeleted").arg(QFileInfo(clip).fileName())
                           : tr_text("Dock.History.Removed"));
  Q_EMIT removed();
}

}  // namespace nemo::obs
