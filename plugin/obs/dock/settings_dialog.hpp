// The plugin's settings dialog (the dock's gear and Tools > AI Video
// Settings): backend, token, language, output folder, what happens after a
// render, upload size limit, poll interval cap, replay highlights; and, on a
// page of their own, viewers' requests (approval and limits). Values the environment
// overrides (NEMO_API_BASE, NEMO_TOKEN) are shown as such and not editable.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDialog>

#include "obs/plugin_settings.hpp"

class QComboBox;
class QLabel;
class QLineEdit;
class QCheckBox;
class QPlainTextEdit;
class QSpinBox;

namespace nemo::obs {

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  SettingsDialog(const PluginSettings &current, QWidget *parent = nullptr);

  PluginSettings result_settings() const;

  // Opens the one dialog (raises it when open) over `parent`.
  static void open_for(QWidget *parent);

 public Q_SLOTS:
  void accept() override;

 private:
  void update_enabled();
  void browse_folder();

  PluginSettings original_;
  EnvOverrides env_;
  QComboBox *backend_ = nullptr;
  QLineEdit *url_ = nullptr;
  QLabel *backend_note_ = nullptr;
  QLineEdit *token_ = nullptr;
  QLabel *token_note_ = nullptr;
  QComboBox *language_ = nullptr;
  QLineEdit *folder_ = nullptr;
  QComboBox *after_ = nullptr;
  QComboBox *scene_ = nullptr;
  QSpinBox *upload_limit_ = nullptr;
  QSpinBox *poll_cap_ = nullptr;
  QCheckBox *collect_replays_ = nullptr;
  QSpinBox *highlight_replays_ = nullptr;
  QCheckBox *hardware_encoding_ = nullptr;
  QCheckBox *viewer_enabled_ = nullptr;
  QCheckBox *viewer_approval_ = nullptr;
  QSpinBox *viewer_cooldown_ = nullptr;
  QSpinBox *viewer_pending_ = nullptr;
  QSpinBox *viewer_chars_ = nullptr;
  QSpinBox *viewer_credits_ = nullptr;
  QPlainTextEdit *viewer_words_ = nullptr;
  QLineEdit *viewer_media_ = nullptr;
  QLabel *error_ = nullptr;
};

}  // namespace nemo::obs
