// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/ai_video_dock.hpp"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "obs/dock/background_queue.hpp"
#include "obs/dock/dock_text.hpp"
#include "obs/dock/history_list.hpp"
#include "obs/dock/look_controls.hpp"
#include "obs/dock/media_list_widget.hpp"
#include "obs/dock/progress_panel.hpp"
#include "obs/dock/prompt_edit.hpp"
#include "obs/dock/request_list.hpp"
#include "obs/dock/settings_dialog.hpp"
#include "obs/dock/transcript_view.hpp"
#include "obs/obs_log.hpp"
#include "obs/plugin_settings_store.hpp"
#include "obs/replay_highlights.hpp"
#include "obs/viewer_requests.hpp"

namespace nemo::obs {
namespace {

std::vector<std::string> to_std(const QStringList &list) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(list.size()));
  for (const QString &s : list) out.push_back(s.toStdString());
  return out;
}

QString form_prompt(const QString &workflow, int length_s) {
  const QString length = length_s > 0 ? tr_text("Dock.Prompt.Length").arg(length_s) : QString();
  if (workflow == QLatin1String("slideshow")) return tr_text("Dock.Prompt.Slideshow").arg(length);
  if (workflow == QLatin1String("promo")) return tr_text("Dock.Prompt.Promo").arg(length);
  if (workflow == QLatin1String("animate")) return tr_text("Dock.Prompt.Animate").arg(length);
  return tr_text("Dock.Prompt.Custom").arg(length);
}

}  // namespace

AiVideoDock::AiVideoDock(QWidget *parent)
    : QWidget(parent), worker_(std::make_unique<BackgroundQueue>()) {
  setObjectName(QStringLiteral("nemo-video-dock-content"));
  setAcceptDrops(true);

  // Top row: credits, refresh, settings.
  credits_ = new QLabel(tr_text("Dock.Credits.Unknown"), this);
  credits_->setObjectName(QStringLiteral("nemo-credits"));
  credits_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  refresh_ = new QToolButton(this);
  refresh_->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
  refresh_->setToolTip(tr_text("Dock.Credits.Refresh"));
  refresh_->setAutoRaise(true);
  gear_ = new QToolButton(this);
  gear_->setObjectName(QStringLiteral("nemo-settings-button"));
  gear_->setText(QStringLiteral("⚙"));
  gear_->setToolTip(tr_text("Dock.Settings"));
  gear_->setAutoRaise(true);
  auto *top = new QHBoxLayout;
  top->setContentsMargins(0, 0, 0, 0);
  top->addWidget(credits_, 1);
  top->addWidget(refresh_);
  top->addWidget(gear_);

  // The "Create" tab: media, form, conversation, prompt.
  auto *create = new QWidget(this);
  media_ = new MediaListWidget(create);
  workflow_ = new QComboBox(create);
  workflow_->setObjectName(QStringLiteral("nemo-workflow"));
  workflow_->addItem(tr_text("Dock.Workflow.Slideshow"), QStringLiteral("slideshow"));
  workflow_->addItem(tr_text("Dock.Workflow.Promo"), QStringLiteral("promo"));
  workflow_->addItem(tr_text("Dock.Workflow.Animate"), QStringLiteral("animate"));
  workflow_->addItem(tr_text("Dock.Workflow.Custom"), QStringLiteral("custom"));
  workflow_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  workflow_->setMinimumContentsLength(8);
  aspect_ = new QComboBox(create);
  aspect_->addItem(tr_text("Dock.Aspect.Landscape"), QStringLiteral("16:9"));
  aspect_->addItem(tr_text("Dock.Aspect.Portrait"), QStringLiteral("9:16"));
  aspect_->addItem(tr_text("Dock.Aspect.Square"), QStringLiteral("1:1"));
  aspect_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  aspect_->setMinimumContentsLength(6);
  length_ = new QSpinBox(create);
  length_->setRange(0, 600);
  length_->setSingleStep(5);
  length_->setValue(30);
  length_->setSuffix(QStringLiteral(" s"));
  length_->setSpecialValueText(tr_text("Dock.Length.Auto"));
  look_ = new LookControls(create);
  generate_ = new QPushButton(tr_text("Dock.Generate"), create);
  generate_->setObjectName(QStringLiteral("nemo-generate"));
  generate_->setToolTip(tr_text("Dock.GenerateTip"));

  auto *form = new QFormLayout;
  form->setContentsMargins(0, 0, 0, 0);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  form->addRow(tr_text("Dock.Workflow"), workflow_);
  auto *shape = new QHBoxLayout;
  shape->setContentsMargins(0, 0, 0, 0);
  shape->addWidget(aspect_, 1);
  shape->addWidget(length_);
  form->addRow(tr_text("Dock.Aspect"), shape);
  form->addRow(tr_text("Dock.Look"), look_);

  transcript_ = new TranscriptView(create);
  connect(transcript_, &TranscriptView::action_requested, this, [this](const QString &action) {
    if (action == QLatin1String("switch-offline")) switch_to_offline();
  });
  prompt_ = new PromptEdit(create);
  prompt_->setObjectName(QStringLiteral("nemo-prompt"));
  prompt_->setPlaceholderText(tr_text("Dock.Prompt.Placeholder"));
  send_ = new QPushButton(tr_text("Dock.Send"), create);
  send_->setToolTip(tr_text("Dock.SendTip"));
  auto *prompt_row = new QHBoxLayout;
  prompt_row->setContentsMargins(0, 0, 0, 0);
  prompt_row->addWidget(prompt_, 1);
  auto *prompt_buttons = new QVBoxLayout;
  prompt_buttons->addWidget(send_);
  prompt_buttons->addWidget(generate_);
  prompt_buttons->addStretch(1);
  prompt_row->addLayout(prompt_buttons);

  auto *create_layout = new QVBoxLayout(create);
  create_layout->setContentsMargins(4, 4, 4, 4);
  create_layout->addWidget(media_, 3);
  create_layout->addLayout(form);
  create_layout->addWidget(transcript_, 2);
  create_layout->addLayout(prompt_row);

  history_ = new HistoryList(this);
  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  tabs_->addTab(create, tr_text("Dock.Tab.Create"));
  tabs_->addTab(history_, tr_text("Dock.Tab.History"));
  requests_ = new RequestList(this);
  tabs_->addTab(requests_, tr_text("Dock.Tab.Requests"));

  progress_ = new ProgressPanel(this);
  export_ = new QPushButton(tr_text("Dock.Export"), this);
  export_->setObjectName(QStringLiteral("nemo-export"));
  export_->setToolTip(tr_text("Dock.ExportTip"));
  highlight_ = new QPushButton(tr_text("Dock.Highlight"), this);
  highlight_->setObjectName(QStringLiteral("nemo-highlight"));
  highlight_->setToolTip(tr_text("Dock.Highlight.Tip"));
  auto *bottom = new QHBoxLayout;
  bottom->setContentsMargins(0, 0, 0, 0);
  bottom->addWidget(export_, 1);
  bottom->addWidget(highlight_);

  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(top);
  layout->addWidget(tabs_, 1);
  layout->addWidget(progress_);
  layout->addLayout(bottom);

  connect(generate_, &QPushButton::clicked, this, &AiVideoDock::generate);
  connect(send_, &QPushButton::clicked, this, &AiVideoDock::submit_prompt);
  connect(prompt_, &PromptEdit::submitted, this, &AiVideoDock::submit_prompt);
  connect(export_, &QPushButton::clicked, this, &AiVideoDock::export_clip);
  connect(highlight_, &QPushButton::clicked, this, &AiVideoDock::make_highlight);
  connect(refresh_, &QToolButton::clicked, this, &AiVideoDock::refresh_credits);
  connect(gear_, &QToolButton::clicked, this, &AiVideoDock::open_settings);
  connect(progress_, &ProgressPanel::cancel_requested, this, &AiVideoDock::cancel_job);
  connect(history_, &HistoryList::message, transcript_, &TranscriptView::add_note);
  connect(history_, &HistoryList::removed, this, &AiVideoDock::update_history_tab);
  connect(requests_, &RequestList::message, transcript_, &TranscriptView::add_note);
  connect(requests_, &RequestList::changed, this, &AiVideoDock::update_requests_tab);

  // The service calls back on its threads: hop here, and drop the call if
  // this widget is gone by then.
  QPointer<AiVideoDock> self(this);
  service_token_ = GenerationService::instance().subscribe([self](const ServiceEvent &event) {
    QMetaObject::invokeMethod(
        self.data(),
        [self, event] {
          if (self) self->on_event(event);
        },
        Qt::QueuedConnection);
  });
}

AiVideoDock::~AiVideoDock() {
  shutdown();
}

void AiVideoDock::shutdown() {
  if (service_token_) {
    GenerationService::instance().unsubscribe(service_token_);
    service_token_ = 0;
  }
  if (settings_token_) {
    unsubscribe_settings(settings_token_);
    settings_token_ = 0;
  }
  requests_->shutdown();
  worker_->stop();
}

std::string AiVideoDock::last_clip_source() const {
  if (!last_clip_source_.empty()) return last_clip_source_;
  for (const auto &job : GenerationService::instance().jobs()) {
    if (job.status == JobStatus::Completed && !job.source_name.empty()) return job.source_name;
  }
  return {};
}

std::string AiVideoDock::tab_rects() const {
  std::string out;
  QTabBar *bar = tabs_->tabBar();
  for (int i = 0; i < bar->count(); ++i) {
    const QRect r = bar->tabRect(i);
    const QPoint at = bar->mapToGlobal(r.topLeft());
    out += (i ? " " : "") + std::to_string(i) + "=" + std::to_string(at.x()) + "," +
           std::to_string(at.y()) + "," + std::to_string(r.width()) + "," +
           std::to_string(r.height());
  }
  return out;
}

void AiVideoDock::on_frontend_ready() {
  // The first read of settings.json happens here, off the UI thread.
  QPointer<AiVideoDock> self(this);
  worker_->post([self] {
    ViewerRequests::instance().load();  // what viewers spent today (the Requests tab)
    const PluginSettings stored = settings();
    const bool local = resolved_settings().backend == Backend::Local;
    QMetaObject::invokeMethod(
        self.data(),
        [self, stored, local] {
          if (self) self->apply_settings(stored, local);
        },
        Qt::QueuedConnection);
  });
  settings_token_ = subscribe_settings([self](const PluginSettings &changed) {
    const bool local = resolved_settings().backend == Backend::Local;
    QMetaObject::invokeMethod(
        self.data(),
        [self, changed, local] {
          if (self) self->apply_settings(changed, local);
        },
        Qt::QueuedConnection);
  });
  reload_history();
  requests_->reload();
  // A job may have started before the content was built (obs-websocket, a
  // source, a resumed render): its progress shows here from now on.
  for (const JobSnapshot &job : GenerationService::instance().jobs()) {
    if (job.status == JobStatus::Queued || job.status == JobStatus::Running) {
      progress_->show_job(job);
      break;
    }
  }
}

void AiVideoDock::apply_settings(const PluginSettings &s, bool backend_local) {
  media_->set_upload_limit(static_cast<std::uint64_t>(s.upload_limit_mb) * 1024u * 1024u);
  offline_ = backend_local;
  credits_->setText(offline_ ? tr_text("Dock.Credits.Offline") : tr_text("Dock.Credits.Unknown"));
  refresh_->setVisible(!offline_);
  requests_->apply_settings(s);
}

bool AiVideoDock::can_offer_offline() const {
  // Not when the offline backend is already in use, nor when NEMO_API_BASE
  // decides the backend (the settings cannot change it then).
  if (offline_) return false;
  return !resolved_settings().backend_from_env;
}

void AiVideoDock::switch_to_offline() {
  if (!can_offer_offline()) return;
  PluginSettings s = settings();
  s.backend = Backend::Local;
  save_settings(s);  // listeners update the credits line; the file is written off this thread
  nemo_info("the streamer switched to the offline backend from the dock");
  transcript_->add_note(tr_text("Dock.Offline.Switched"));
}

void AiVideoDock::reload_history() {
  history_->set_jobs(GenerationService::instance().jobs());
  update_history_tab();
}

void AiVideoDock::update_history_tab() {
  tabs_->setTabText(1, history_->count() > 0
                           ? tr_text("Dock.Tab.HistoryCount").arg(history_->count())
                           : tr_text("Dock.Tab.History"));
}

void AiVideoDock::update_requests_tab() {
  const int waiting = requests_->count();
  tabs_->setTabText(2, waiting > 0 ? tr_text("Dock.Tab.RequestsCount").arg(waiting)
                                   : tr_text("Dock.Tab.Requests"));
}

void AiVideoDock::add_media(const QStringList &paths) {
  media_->add_files(paths);
}

void AiVideoDock::generate() {
  const MediaSelection sel = media_->selection();
  if (sel.pending > 0) {
    transcript_->add_note(tr_text("Dock.Error.StillChecking"));
    return;
  }
  const QString workflow = workflow_->currentData().toString();
  const QString typed = prompt_->toPlainText().trimmed();
  const bool needs_images = workflow != QLatin1String("custom");
  if (needs_images && sel.images.isEmpty()) {
    nemo_info("dock generate refused: no photos (workflow %s)", qUtf8Printable(workflow));
    transcript_->add_error(tr_text("Dock.Error.NeedImages"));
    return;
  }
  if (!needs_images && typed.isEmpty() && sel.all.isEmpty()) {
    nemo_info("dock generate refused: no prompt and no media");
    transcript_->add_error(tr_text("Dock.Error.NeedPrompt"));
    return;
  }

  ClipRequest request;
  request.workflow = workflow.toStdString();
  request.images = to_std(sel.images);
  if (workflow == QLatin1String("animate")) request.images.resize(1);
  request.videos = to_std(sel.videos);
  request.audio = sel.audio.toStdString();
  request.aspect = aspect_->currentData().toString().toStdString();
  request.duration_s = length_->value();
  request.look = look_->choice();
  QString prompt = form_prompt(workflow, request.duration_s);
  if (!typed.isEmpty()) {
    prompt = workflow == QLatin1String("custom") ? typed : prompt + QStringLiteral(" ") + typed;
  }
  request.prompt = prompt.toStdString();
  request.origin = "dock";

  transcript_->add_user(prompt);
  const std::string id = GenerationService::instance().generate(request);
  nemo_info(
      "dock generate: workflow=%s aspect=%s length=%d transition=%s camera=%s images=%zu "
      "videos=%zu music=%s -> %s",
      request.workflow.c_str(), request.aspect.c_str(), request.duration_s,
      request.look.transition.c_str(), request.look.motion.c_str(), request.images.size(),
      request.videos.size(), request.audio.empty() ? "no" : "yes",
      id.empty() ? "not started" : id.c_str());
  if (id.empty()) {
    transcript_->add_error(tr_text("Dock.Error.NotReady"));
    return;
  }
  prompt_->clear();
  set_export_highlight(false);
  JobSnapshot queued;
  queued.id = id;
  queued.prompt = request.prompt;
  progress_->show_job(queued);
  history_->upsert(queued);
}

void AiVideoDock::submit_prompt() {
  const QString text = prompt_->toPlainText().trimmed();
  if (text.isEmpty()) return;
  const MediaSelection sel = media_->selection();
  transcript_->add_user(text);
  prompt_->clear();
  // Intents such as "export" or "credits" answer with events and may
  // start no job: an empty id is no error here.
  const std::string id =
      GenerationService::instance().submit_prompt(text.toStdString(), to_std(sel.all));
  if (!id.empty()) {
    JobSnapshot queued;
    queued.id = id;
    queued.prompt = text.toStdString();
    progress_->show_job(queued);
  }
}

void AiVideoDock::export_clip() {
  set_export_highlight(false);
  const std::string id = GenerationService::instance().export_current();
  if (id.empty()) {
    transcript_->add_error(tr_text("Dock.Error.NothingToExport"));
    return;
  }
  JobSnapshot queued;
  queued.id = id;
  queued.phase = "rendering";
  progress_->show_job(queued);
}

void AiVideoDock::make_highlight() {
  std::string error;
  const std::string id = nemo::obs::make_highlight(0, "", &error);
  if (id.empty()) {
    transcript_->add_error(
        tr_text(error == "no_replays" ? "Dock.Highlight.None" : "Dock.Error.NotReady"));
    return;
  }
  transcript_->add_note(tr_text("Dock.Highlight.Started"));
  JobSnapshot queued;
  queued.id = id;
  queued.phase = "connecting";
  progress_->show_job(queued);
}

void AiVideoDock::cancel_job() {
  const QString id = progress_->job_id();
  if (id.isEmpty()) return;
  if (!GenerationService::instance().cancel(id.toStdString())) progress_->clear();
}

void AiVideoDock::refresh_credits() {
  if (offline_) return;
  credits_->setText(tr_text("Dock.Credits.Checking"));
  GenerationService::instance().refresh_credits();
}

void AiVideoDock::open_settings() {
  SettingsDialog::open_for(window());
}

void AiVideoDock::set_export_highlight(bool on) {
  export_->setProperty("nemoHighlight", on);
  export_->setStyleSheet(on ? QStringLiteral("QPushButton { font-weight: bold; "
                                             "border: 2px solid #3daee9; }")
                            : QString());
  export_->setToolTip(on ? tr_text("Dock.ExportReady") : tr_text("Dock.ExportTip"));
}

void AiVideoDock::on_job(const JobSnapshot &job, ServiceEvent::Kind kind) {
  progress_->show_job(job);
  history_->upsert(job);
  if (kind == ServiceEvent::Kind::JobCompleted) {
    if (!job.source_name.empty()) last_clip_source_ = job.source_name;
    transcript_->add_note(
        tr_text("Dock.ClipReady")
            .arg(QString::fromStdString(job.clip_path).section(QLatin1Char('/'), -1),
                 ProgressPanel::elapsed_text(job.clip_duration_s)));
    reload_history();
    if (!offline_) GenerationService::instance().refresh_credits();
  } else if (kind == ServiceEvent::Kind::JobFailed) {
    const QString message =
        job.message.empty() ? error_text(job.error_key) : QString::fromStdString(job.message);
    if (job.status == JobStatus::Cancelled) {
      transcript_->add_note(message);
    } else if ((job.error_key == "Error.Network" || job.error_key == "Error.Redirect") &&
               can_offer_offline()) {
      // The cloud (or the custom URL) cannot be reached, or a Wi-Fi login page
      // stands in the way: offer the offline backend.
      transcript_->add_error_with_action(message, tr_text("Dock.Offline.Switch"),
                                         QStringLiteral("switch-offline"));
      nemo_info("job %s could not reach the backend: the dock offers the offline backend",
                job.id.c_str());
    } else {
      transcript_->add_error(message);
    }
  }
}

void AiVideoDock::on_event(const ServiceEvent &event) {
  switch (event.kind) {
    case ServiceEvent::Kind::JobProgress:
    case ServiceEvent::Kind::JobCompleted:
    case ServiceEvent::Kind::JobFailed:
      on_job(event.job, event.kind);
      break;
    case ServiceEvent::Kind::AgentText:
      if (!event.text.empty()) transcript_->add_agent(QString::fromStdString(event.text));
      break;
    case ServiceEvent::Kind::StillWorking:
      transcript_->add_note(event.text.empty() ? tr_text("Dock.StillWorking")
                                               : QString::fromStdString(event.text));
      break;
    case ServiceEvent::Kind::ExportReady:
      set_export_highlight(true);
      break;
    case ServiceEvent::Kind::Credits:
      if (offline_) break;  // the local backend has no credits: "Offline" stays
      credits_->setText(
          event.text.empty()
              ? tr_text("Dock.Credits.Unknown")
              : tr_text("Dock.Credits.Value").arg(QString::fromStdString(event.text)));
      break;
    case ServiceEvent::Kind::Error:
      transcript_->add_error(QString::fromStdString(event.text),
                             QString::fromStdString(event.link));
      break;
  }
}

void AiVideoDock::dragEnterEvent(QDragEnterEvent *event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void AiVideoDock::dropEvent(QDropEvent *event) {
  QStringList paths;
  for (const QUrl &url : event->mimeData()->urls()) {
    if (url.isLocalFile()) paths << url.toLocalFile();
  }
  if (paths.isEmpty()) return;
  event->acceptProposedAction();
  tabs_->setCurrentIndex(0);
  media_->add_files(paths);
}

}  // namespace nemo::obs
