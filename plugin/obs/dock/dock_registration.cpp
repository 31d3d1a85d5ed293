// Registers the "AI Video" dock (object name nemo-video-dock) and the Tools
// menu entry for its settings.
//
// Lazy: obs_module_load registers only an empty shell (a QDockWidget, or on
// OBS 30+ the frontend's wrapper around an empty host widget), so that OBS
// can restore its place and visibility. The real content (AiVideoDock: its
// widgets, its service subscription) is built on the UI thread once OBS has
// finished loading, or earlier when the shell is first shown or something
// (a hotkey) needs the dock, whichever comes first.
//
// Placement: OBS loads modules before it restores the main window's dock
// state, so a dock that exists by then is put back where the streamer left
// it (matched by object name). On the first run, when OBS's saved state does
// not know the dock yet, it is docked on the right and shown once; after
// that OBS's own state rules (a dock the streamer closed stays closed).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/dock_registration.hpp"

#include <obs-frontend-api.h>
#include <obs-module.h>
#include <util/config-file.h>

#include <QByteArray>
#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>
#include <QWidget>
#include <chrono>

#include "obs/dock/ai_video_dock.hpp"
#include "obs/dock/settings_dialog.hpp"
#include "obs/frontend_compat.hpp"
#include "obs/module_parts.hpp"
#include "obs/obs_log.hpp"
#include "obs/plugin_settings_store.hpp"

namespace nemo::obs {
namespace {

constexpr const char *kDockId = "nemo-video-dock";
constexpr int kFirstRunWidth = 380;

QPointer<QDockWidget> g_dock;  // OBS 29: ours; OBS 30+: the frontend's wrapper
QPointer<QWidget> g_host;      // the shell's widget: AiVideoDock goes in here
QPointer<AiVideoDock> g_content;
bool g_frontend_ready = false;  // OBS_FRONTEND_EVENT_FINISHED_LOADING has come
bool g_exiting = false;         // OBS_FRONTEND_EVENT_EXIT has come: build nothing more

QMainWindow *main_window() {
  return static_cast<QMainWindow *>(obs_frontend_get_main_window());
}

// Does OBS's saved dock layout ([BasicWindow] DockState, a
// QMainWindow::saveState blob) mention our dock? Qt writes object names as
// QDataStream QStrings: UTF-16, big-endian.
bool saved_layout_has_dock() {
  config_t *layout = window_layout_config();
  const char *state = layout ? config_get_string(layout, "BasicWindow", "DockState") : nullptr;
  if (!state || !*state) return false;
  const QByteArray blob = QByteArray::fromBase64(QByteArray(state));
  const QString name = QString::fromLatin1(kDockId);
  QByteArray utf16;
  for (const QChar c : name) {
    utf16.append(static_cast<char>(c.unicode() >> 8));
    utf16.append(static_cast<char>(c.unicode() & 0xff));
  }
  return blob.contains(utf16);
}

const char *area_name(Qt::DockWidgetArea area) {
  switch (area) {
    case Qt::LeftDockWidgetArea:
      return "left";
    case Qt::RightDockWidgetArea:
      return "right";
    case Qt::TopDockWidgetArea:
      return "top";
    case Qt::BottomDockWidgetArea:
      return "bottom";
    default:
      return "none";
  }
}

void log_placement(const char *when) {
  QMainWindow *main = main_window();
  QDockWidget *dock = g_dock.data();
  if (!dock || !main) return;
  // geometry: in the main window when docked, on the screen when floating
  // (what OBS's layout keeps); screen: where it is drawn now.
  const QRect g = dock->isFloating() ? dock->frameGeometry() : dock->geometry();
  const QPoint s = dock->mapToGlobal(QPoint(0, 0));
  nemo_info("dock %s: area=%s floating=%s visible=%s geometry=%d,%d %dx%d screen=%d,%d", when,
            area_name(main->dockWidgetArea(dock)), dock->isFloating() ? "yes" : "no",
            dock->isVisible() ? "yes" : "no", g.x(), g.y(), g.width(), g.height(), s.x(), s.y());
  // Where its tabs are drawn (for support and for tests that click them).
  if (g_content) nemo_info("dock tabs: %s", g_content->tab_rects().c_str());
}

void place_on_first_run() {
  QMainWindow *main = main_window();
  QDockWidget *dock = g_dock.data();
  if (!dock || !main) return;
  if (saved_layout_has_dock()) {
    log_placement("restored by OBS");
    return;
  }
  main->addDockWidget(Qt::RightDockWidgetArea, dock);
  dock->setFloating(false);
  dock->show();
  main->resizeDocks({dock}, {kFirstRunWidth}, Qt::Horizontal);
  log_placement("first run, docked on the right");
}

// Builds the dock's content into the shell (once). UI THREAD.
AiVideoDock *build_content(const char *why) {
  if (g_content) return g_content.data();
  if (!g_host || g_exiting) return nullptr;
  const auto started = std::chrono::steady_clock::now();
  auto *content = new AiVideoDock(g_host.data());
  g_host->layout()->addWidget(content);
  g_content = content;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  nemo_info("dock content built (%s) in %.1f ms", why, ms);
  if (g_frontend_ready) content->on_frontend_ready();
  // Where it is once its layout has settled around the content.
  QTimer::singleShot(0, content, [] { log_placement("with content"); });
  return content;
}

// The shell's first Show builds the content, just after the show (the
// shell paints at once; the content follows in the same event-loop turn).
class FirstShowFilter : public QObject {
 public:
  using QObject::QObject;

 protected:
  bool eventFilter(QObject *watched, QEvent *event) override {
    if (event->type() == QEvent::Show) {
      watched->removeEventFilter(this);
      QTimer::singleShot(0, parent(), [] { build_content("first show"); });
    }
    return false;
  }
};

void on_frontend_event(enum obs_frontend_event event, void *) {
  switch (event) {
    case OBS_FRONTEND_EVENT_FINISHED_LOADING:
      g_frontend_ready = true;
      place_on_first_run();
      if (g_content) {
        g_content->on_frontend_ready();  // built already by a first show
      } else if (g_host) {
        // After OBS's own FINISHED_LOADING handlers: the window is up first.
        QTimer::singleShot(0, g_host.data(), [] { build_content("after loading"); });
      }
      break;
    case OBS_FRONTEND_EVENT_EXIT:
      // OBS has saved the dock layout by now.
      g_exiting = true;
      log_placement("at exit");
      if (g_content) g_content->shutdown();
      shutdown_settings_store();
      break;
    default:
      break;
  }
}

void open_settings_from_tools(void *) {
  SettingsDialog::open_for(main_window());
}

}  // namespace

AiVideoDock *ai_video_dock() {
  return g_content.data();
}

AiVideoDock *ensure_ai_video_dock() {
  return build_content("on demand");
}

void register_dock() {
  QMainWindow *main = main_window();
  if (!main) {
    nemo_warn("no OBS main window: the AI Video dock is not created");
    return;
  }
  const char *title = obs_module_text("Dock.Title");
  // An empty host: cheap to make; the content is built later (see above).
  auto *host = new QWidget();
  host->setObjectName(QStringLiteral("nemo-video-dock-host"));
  auto *layout = new QVBoxLayout(host);
  layout->setContentsMargins(0, 0, 0, 0);
  host->installEventFilter(new FirstShowFilter(host));
  QDockWidget *dock = add_dock(kDockId, title, host);
  if (!dock) {
    nemo_warn("the AI Video dock could not be added");
    return;
  }
  g_dock = dock;
  g_host = host;
  obs_frontend_add_tools_menu_item(obs_module_text("Settings.ToolsMenu"), open_settings_from_tools,
                                   nullptr);
  obs_frontend_add_event_callback(on_frontend_event, nullptr);
  nemo_info("dock created (content built after loading)");
}

void unregister_dock() {
  g_exiting = true;
  obs_frontend_remove_event_callback(on_frontend_event, nullptr);
  if (g_content) g_content->shutdown();
  // Normally OBS has destroyed its main window (and the dock with it) by
  // now; if not, the dock must go before the module's code does.
  if (g_dock) remove_dock(kDockId, g_dock.data());
  shutdown_settings_store();
}

}  // namespace nemo::obs
