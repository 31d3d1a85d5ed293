// The "AI Video" dock's content: media, the workflow form, the conversation
// with the prompt box, progress with Cancel, credits, Export, and the
// history of clips, and viewers' requests waiting for approval. It only talks to GenerationService
// (never to the disk or the network itself); the service's events arrive on worker threads and are
// queued to this widget's thread. SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>
#include <memory>

#include "obs/generation_service.hpp"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace nemo::obs {

class BackgroundQueue;
class HistoryList;
class LookControls;
class MediaListWidget;
class ProgressPanel;
class RequestList;
class PromptEdit;
class TranscriptView;
struct PluginSettings;

class AiVideoDock : public QWidget {
  Q_OBJECT

 public:
  explicit AiVideoDock(QWidget *parent = nullptr);
  ~AiVideoDock() override;

  // The last completed clip's source name ("" if none): for the hotkey.
  std::string last_clip_source() const;
  // "0=x,y,w,h 1=... 2=...": the tabs on the screen (for the log).
  std::string tab_rects() const;

 public Q_SLOTS:
  void generate();             // a whole generation from the form (button, hotkey)
  void submit_prompt();        // the prompt box (Enter, Send)
  void export_clip();          // Export: render the current draft
  void make_highlight();       // Highlight: from the last collected replays
  void cancel_job();           // Cancel the running job
  void refresh_credits();      // ask the service; answered by a Credits event
  void open_settings();        // the gear
  void reload_history();       // GenerationService::jobs()
  void update_history_tab();   // "History (n)"
  void update_requests_tab();  // "Requests (n)": viewers' requests waiting
  void add_media(const QStringList &paths);
  // After OBS has finished loading: settings read off the UI thread, history.
  void on_frontend_ready();
  // OBS is quitting: stop listening and join the worker.
  void shutdown();

 protected:
  void dragEnterEvent(QDragEnterEvent *event) override;
  void dropEvent(QDropEvent *event) override;

 private:
  void on_event(const ServiceEvent &event);
  void on_job(const JobSnapshot &job, ServiceEvent::Kind kind);
  void apply_settings(const PluginSettings &settings, bool backend_local);
  bool can_offer_offline() const;  // a backend that is not offline, chosen in the settings
  void switch_to_offline();        // the settings' backend becomes Local
  void set_export_highlight(bool on);

  MediaListWidget *media_ = nullptr;
  QComboBox *workflow_ = nullptr;
  QComboBox *aspect_ = nullptr;
  QSpinBox *length_ = nullptr;
  LookControls *look_ = nullptr;
  QPushButton *generate_ = nullptr;
  TranscriptView *transcript_ = nullptr;
  PromptEdit *prompt_ = nullptr;
  QPushButton *send_ = nullptr;
  ProgressPanel *progress_ = nullptr;
  QLabel *credits_ = nullptr;
  QToolButton *refresh_ = nullptr;
  QToolButton *gear_ = nullptr;
  QPushButton *export_ = nullptr;
  QPushButton *highlight_ = nullptr;
  HistoryList *history_ = nullptr;
  RequestList *requests_ = nullptr;
  QTabWidget *tabs_ = nullptr;

  int service_token_ = 0;
  int settings_token_ = 0;
  bool offline_ = false;
  std::string last_clip_source_;
  std::unique_ptr<BackgroundQueue> worker_;
};

}  // namespace nemo::obs
