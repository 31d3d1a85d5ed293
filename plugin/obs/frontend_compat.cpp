// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/frontend_compat.hpp"

#include <obs-frontend-api.h>
#include <obs-module.h>

#include <QDockWidget>
#include <QMainWindow>
#include <QString>
#include <QWidget>

namespace nemo::obs {

QDockWidget *add_dock(const char *id, const char *title, QWidget *content) {
#if LIBOBS_API_MAJOR_VER >= 30
  if (!obs_frontend_add_dock_by_id(id, title, content)) {
    delete content;
    return nullptr;
  }
  return qobject_cast<QDockWidget *>(content->parentWidget());
#else
  auto *main = static_cast<QMainWindow *>(obs_frontend_get_main_window());
  auto *dock = new QDockWidget(main);
  dock->setObjectName(QString::fromLatin1(id));
  dock->setWindowTitle(QString::fromUtf8(title));
  dock->setWidget(content);
  dock->setMinimumWidth(280);
  // Docked on the right and hidden until OBS's saved layout (or the
  // first-run placement) says otherwise. Not floating, unlike OBS 30's
  // plugin docks: a floating dock is a native top-level window, and making
  // one here cost ~130 ms of OBS's start-up.
  main->addDockWidget(Qt::RightDockWidgetArea, dock);
  dock->hide();
  obs_frontend_add_dock(dock);
  return dock;
#endif
}

void remove_dock(const char *id, QDockWidget *dock) {
#if LIBOBS_API_MAJOR_VER >= 30
  (void)dock;
  obs_frontend_remove_dock(id);
#else
  (void)id;
  delete dock;
#endif
}

config_t *window_layout_config() {
#if LIBOBS_API_MAJOR_VER >= 31
  return obs_frontend_get_user_config();
#else
  return obs_frontend_get_global_config();
#endif
}

}  // namespace nemo::obs
