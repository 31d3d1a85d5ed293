// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/request_list.hpp"

#include <QCheckBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include "obs/dock/dock_text.hpp"
#include "obs/plugin_settings_store.hpp"
#include "obs/viewer_requests.hpp"

namespace nemo::obs {
namespace {

constexpr int kIdRole = Qt::UserRole;

QString who(const ViewerRequest &r) {
  QString name =
      QString::fromStdString(r.requester.name.empty() ? r.requester.id : r.requester.name);
  if (!r.requester.platform.empty())
    name += QStringLiteral(" (%1)").arg(QString::fromStdString(r.requester.platform));
  return name;
}

}  // namespace

RequestList::RequestList(QWidget *parent) : QWidget(parent) {
  approval_ = new QCheckBox(tr_text("Dock.Requests.Approval"), this);
  approval_->setToolTip(tr_text("Dock.Requests.ApprovalTip"));
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setObjectName(QStringLiteral("nemo-requests-summary"));
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("nemo-requests"));
  list_->setWordWrap(true);
  list_->setUniformItemSizes(false);
  approve_ = new QPushButton(tr_text("Dock.Requests.Approve"), this);
  reject_ = new QPushButton(tr_text("Dock.Requests.Reject"), this);
  approve_all_ = new QPushButton(tr_text("Dock.Requests.ApproveAll"), this);
  approve_all_->setToolTip(tr_text("Dock.Requests.ApproveAllTip"));

  auto *buttons = new QHBoxLayout;
  buttons->setContentsMargins(0, 0, 0, 0);
  buttons->addWidget(approve_);
  buttons->addWidget(approve_all_);
  buttons->addStretch(1);
  buttons->addWidget(reject_);

  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addWidget(approval_);
  layout->addWidget(summary_);
  layout->addWidget(list_, 1);
  layout->addLayout(buttons);

  connect(approve_, &QPushButton::clicked, this, &RequestList::approve_selected);
  connect(reject_, &QPushButton::clicked, this, &RequestList::reject_selected);
  connect(approve_all_, &QPushButton::clicked, this, &RequestList::approve_all_selected);
  connect(list_, &QListWidget::itemSelectionChanged, this, &RequestList::update_buttons);
  connect(list_, &QListWidget::itemDoubleClicked, this, &RequestList::approve_selected);
  // The switch is the settings' own: saving is in memory at once, the file
  // is written in the background.
  connect(approval_, &QCheckBox::toggled, this, [](bool on) {
    PluginSettings s = settings();
    if (s.viewer.approval == on) return;
    s.viewer.approval = on;
    save_settings(s);
  });

  // Events come on the caller's thread (obs-websocket's, a job's): hop here.
  QPointer<RequestList> self(this);
  token_ = ViewerRequests::instance().subscribe([self](const ViewerEvent &event) {
    if (event.kind != ViewerEvent::Kind::Changed) return;
    QMetaObject::invokeMethod(
        self.data(),
        [self] {
          if (self) self->reload();
        },
        Qt::QueuedConnection);
  });
  update_buttons();
}

RequestList::~RequestList() {
  shutdown();
}

void RequestList::shutdown() {
  if (token_) ViewerRequests::instance().unsubscribe(token_);
  token_ = 0;
}

int RequestList::count() const {
  return list_->count();
}

void RequestList::apply_settings(const PluginSettings &settings) {
  const QSignalBlocker block(approval_);
  approval_->setChecked(settings.viewer.approval);
  approval_->setEnabled(settings.viewer.enabled);
  enabled_ = settings.viewer.enabled;
  daily_credits_ = settings.viewer.daily_credits;
  update_summary();
}

void RequestList::update_summary() {
  QString text;
  if (!enabled_) {
    text = tr_text("Dock.Requests.Off");
  } else {
    text = list_->count() > 0 ? tr_text("Dock.Requests.Waiting").arg(list_->count())
                              : tr_text("Dock.Requests.None");
    const double spent = ViewerRequests::instance().spent_today();
    if (daily_credits_ > 0)
      text += QStringLiteral(" · ") +
              tr_text("Dock.Requests.SpentOfCap").arg(spent, 0, 'f', 0).arg(daily_credits_);
    else if (spent > 0)
      text += QStringLiteral(" · ") + tr_text("Dock.Requests.Spent").arg(spent, 0, 'f', 0);
  }
  summary_->setText(text);
}

void RequestList::reload() {
  const QString selected = selected_id();
  list_->clear();
  const QDateTime now = QDateTime::currentDateTime();
  for (const ViewerRequest &r : ViewerRequests::instance().pending()) {
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(r.received_unix_ms);
    const qint64 ago = at.secsTo(now);
    QString when = ago < 60 ? tr_text("Dock.Requests.JustNow")
                            : tr_text("Dock.Requests.MinutesAgo").arg(ago / 60);
    QString first = who(r);
    if (!r.source.empty()) first += QStringLiteral(" · ") + QString::fromStdString(r.source);
    first += QStringLiteral(" · ") + when;
    auto *item = new QListWidgetItem(first + QStringLiteral("\n“") +
                                     QString::fromStdString(r.clip.prompt).simplified() +
                                     QStringLiteral("”"));
    item->setData(kIdRole, QString::fromStdString(r.id));
    item->setToolTip(at.toString(Qt::ISODate));
    list_->addItem(item);
    if (item->data(kIdRole).toString() == selected) list_->setCurrentItem(item);
  }
  if (!list_->currentItem() && list_->count() > 0) list_->setCurrentRow(0);
  update_buttons();
  update_summary();
  Q_EMIT changed();
}

QString RequestList::selected_id() const {
  const QListWidgetItem *item = list_->currentItem();
  return item && item->isSelected() ? item->data(kIdRole).toString() : QString();
}

void RequestList::update_buttons() {
  const bool any = !selected_id().isEmpty();
  approve_->setEnabled(any);
  reject_->setEnabled(any);
  approve_all_->setEnabled(any);
}

void RequestList::approve_selected() {
  const QString id = selected_id();
  if (id.isEmpty()) return;
  const ViewerOutcome out = ViewerRequests::instance().approve(id.toStdString());
  if (out.refusal == core::ViewerRefusal::DailyCap)
    Q_EMIT message(tr_text("Dock.Requests.CapReached"));
  else if (out.job_id.empty())
    Q_EMIT message(tr_text("Dock.Requests.NotStarted"));
}

void RequestList::reject_selected() {
  const QString id = selected_id();
  if (!id.isEmpty()) ViewerRequests::instance().reject(id.toStdString());
}

void RequestList::approve_all_selected() {
  const QString id = selected_id();
  if (id.isEmpty()) return;
  // Stops at the daily cap: what is left waits (approve_all_from).
  auto &requests = ViewerRequests::instance();
  requests.approve_all_from(id.toStdString());
  if (find_pending(id.toStdString()))
    Q_EMIT message(
        tr_text(requests.cap_reached() ? "Dock.Requests.CapReached" : "Dock.Requests.NotStarted"));
}

bool RequestList::find_pending(const std::string &id) const {
  for (const ViewerRequest &r : ViewerRequests::instance().pending())
    if (r.id == id) return true;
  return false;
}

}  // namespace nemo::obs
