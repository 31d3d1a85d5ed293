// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/settings_dialog.hpp"

#include <obs-frontend-api.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <initializer_list>

#include "obs/dock/dock_text.hpp"
#include "obs/plugin_settings_store.hpp"

namespace nemo::obs {
namespace {

QStringList scene_names() {
  QStringList names;
  char **list = obs_frontend_get_scene_names();
  for (char **name = list; name && *name; ++name) names << QString::fromUtf8(*name);
  bfree(list);
  return names;
}

QLabel *note_label(QWidget *parent) {
  auto *label = new QLabel(parent);
  label->setWordWrap(true);
  QFont font = label->font();
  font.setItalic(true);
  label->setFont(font);
  label->hide();
  return label;
}

}  // namespace

SettingsDialog::SettingsDialog(const PluginSettings &current, QWidget *parent)
    : QDialog(parent), original_(current), env_(EnvOverrides::from_environment()) {
  setObjectName(QStringLiteral("nemo-settings-dialog"));
  setWindowTitle(tr_text("Settings.Title"));
  setMinimumWidth(520);

  backend_ = new QComboBox(this);
  backend_->addItem(tr_text("Settings.Backend.Cloud"), static_cast<int>(Backend::Cloud));
  backend_->addItem(tr_text("Settings.Backend.Local"), static_cast<int>(Backend::Local));
  backend_->addItem(tr_text("Settings.Backend.Custom"), static_cast<int>(Backend::Custom));
  backend_->setCurrentIndex(backend_->findData(static_cast<int>(current.backend)));
  url_ = new QLineEdit(QString::fromStdString(current.custom_url), this);
  url_->setPlaceholderText(QStringLiteral("https://"));
  backend_note_ = note_label(this);

  token_ = new QLineEdit(QString::fromStdString(current.token), this);
  token_->setEchoMode(QLineEdit::Password);
  token_->setPlaceholderText(tr_text("Settings.Token.Anonymous"));
  token_->setClearButtonEnabled(true);
  token_note_ = note_label(this);

  language_ = new QComboBox(this);
  language_->addItem(tr_text("Settings.Language.Auto"), QString());
  language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
  language_->addItem(QStringLiteral("中文"), QStringLiteral("zh"));
  language_->setCurrentIndex(
      std::max(0, language_->findData(QString::fromStdString(current.language))));

  folder_ = new QLineEdit(QString::fromStdString(current.output_dir), this);
  folder_->setPlaceholderText(QString::fromStdString(default_output_dir()));
  folder_->setToolTip(folder_->placeholderText());
  auto *browse = new QPushButton(tr_text("Settings.Browse"), this);
  auto *folder_row = new QHBoxLayout;
  folder_row->addWidget(folder_, 1);
  folder_row->addWidget(browse);

  after_ = new QComboBox(this);
  after_->addItem(tr_text("Settings.After.CurrentScene"),
                  static_cast<int>(AfterRender::CurrentScene));
  after_->addItem(tr_text("Settings.After.NamedScene"), static_cast<int>(AfterRender::NamedScene));
  after_->addItem(tr_text("Settings.After.History"), static_cast<int>(AfterRender::HistoryOnly));
  after_->setCurrentIndex(after_->findData(static_cast<int>(current.after_render)));
  scene_ = new QComboBox(this);
  scene_->setEditable(true);
  scene_->addItems(scene_names());
  scene_->setCurrentText(QString::fromStdString(current.target_scene));

  upload_limit_ = new QSpinBox(this);
  upload_limit_->setRange(1, kMaxUploadLimitMb);
  upload_limit_->setSuffix(QStringLiteral(" MB"));
  upload_limit_->setValue(current.upload_limit_mb);
  poll_cap_ = new QSpinBox(this);
  poll_cap_->setRange(2, kMaxPollCapS);
  poll_cap_->setSuffix(QStringLiteral(" s"));
  poll_cap_->setValue(current.poll_cap_s);
  collect_replays_ = new QCheckBox(tr_text("Settings.CollectReplays"), this);
  collect_replays_->setChecked(current.collect_replays);
  highlight_replays_ = new QSpinBox(this);
  highlight_replays_->setRange(1, kMaxHighlightReplays);
  highlight_replays_->setValue(current.highlight_replays);
  hardware_encoding_ = new QCheckBox(tr_text("Settings.HardwareEncoding"), this);
  hardware_encoding_->setToolTip(tr_text("Settings.HardwareEncodingTip"));
  hardware_encoding_->setChecked(current.offline_hardware_encoding);

  // Viewer requests (a bot's Generate with a `requester`).
  viewer_enabled_ = new QCheckBox(tr_text("Settings.Viewer.Enabled"), this);
  viewer_enabled_->setChecked(current.viewer.enabled);
  viewer_approval_ = new QCheckBox(tr_text("Settings.Viewer.Approval"), this);
  viewer_approval_->setChecked(current.viewer.approval);
  auto spin = [this](int value, int max, const QString &suffix, const QString &zero) {
    auto *box = new QSpinBox(this);
    box->setRange(0, max);
    box->setValue(value);
    if (!suffix.isEmpty()) box->setSuffix(suffix);
    if (!zero.isEmpty()) box->setSpecialValueText(zero);
    return box;
  };
  viewer_cooldown_ = spin(current.viewer.cooldown_s, kMaxViewerCooldownS, QStringLiteral(" s"),
                          tr_text("Settings.Viewer.NoCooldown"));
  viewer_pending_ = spin(current.viewer.max_pending, kMaxViewerPending, QString(),
                         tr_text("Settings.Viewer.NoLimit"));
  viewer_chars_ = spin(current.viewer.max_chars, kMaxViewerChars, QString(),
                       tr_text("Settings.Viewer.NoLimit"));
  viewer_credits_ = spin(current.viewer.daily_credits, kMaxViewerDailyCredits, QString(),
                         tr_text("Settings.Viewer.NoCap"));
  viewer_words_ = new QPlainTextEdit(QString::fromStdString(current.viewer.blocked_words), this);
  viewer_words_->setPlaceholderText(tr_text("Settings.Viewer.BlockedWordsHint"));
  viewer_words_->setTabChangesFocus(true);
  viewer_words_->setMaximumHeight(80);
  viewer_media_ = new QLineEdit(QString::fromStdString(current.viewer.media_dir), this);
  viewer_media_->setPlaceholderText(tr_text("Settings.Viewer.MediaNone"));
  auto *viewer_browse = new QPushButton(tr_text("Settings.Browse"), this);
  auto *viewer_media_row = new QHBoxLayout;
  viewer_media_row->addWidget(viewer_media_, 1);
  viewer_media_row->addWidget(viewer_browse);
  connect(viewer_browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr_text("Settings.Viewer.Media"),
                                                          viewer_media_->text());
    if (!dir.isEmpty()) viewer_media_->setText(dir);
  });
  connect(viewer_enabled_, &QCheckBox::toggled, this, &SettingsDialog::update_enabled);

  error_ = new QLabel(this);
  error_->setStyleSheet(QStringLiteral("color:#e05555;"));
  error_->setWordWrap(true);
  error_->hide();

  auto *form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->addRow(tr_text("Settings.Backend"), backend_);
  form->addRow(tr_text("Settings.Url"), url_);
  form->addRow(QString(), backend_note_);
  form->addRow(tr_text("Settings.Token"), token_);
  form->addRow(QString(), token_note_);
  form->addRow(tr_text("Settings.Language"), language_);
  form->addRow(tr_text("Settings.OutputFolder"), folder_row);
  form->addRow(tr_text("Settings.AfterRender"), after_);
  form->addRow(tr_text("Settings.Scene"), scene_);
  form->addRow(tr_text("Settings.UploadLimit"), upload_limit_);
  form->addRow(tr_text("Settings.PollCap"), poll_cap_);
  form->addRow(tr_text("Settings.Replays"), collect_replays_);
  form->addRow(tr_text("Settings.HighlightReplays"), highlight_replays_);
  form->addRow(tr_text("Settings.OfflineRenders"), hardware_encoding_);

  auto *viewer_form = new QFormLayout;
  viewer_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  viewer_form->addRow(viewer_enabled_);
  viewer_form->addRow(viewer_approval_);
  viewer_form->addRow(tr_text("Settings.Viewer.Cooldown"), viewer_cooldown_);
  viewer_form->addRow(tr_text("Settings.Viewer.MaxPending"), viewer_pending_);
  viewer_form->addRow(tr_text("Settings.Viewer.MaxChars"), viewer_chars_);
  viewer_form->addRow(tr_text("Settings.Viewer.DailyCredits"), viewer_credits_);
  viewer_form->addRow(tr_text("Settings.Viewer.BlockedWords"), viewer_words_);
  viewer_form->addRow(tr_text("Settings.Viewer.Media"), viewer_media_row);

  auto *pages = new QTabWidget(this);
  auto *general = new QWidget(pages);
  general->setLayout(form);
  auto *viewers = new QWidget(pages);
  viewers->setLayout(viewer_form);
  pages->addTab(general, tr_text("Settings.Tab.General"));
  pages->addTab(viewers, tr_text("Settings.Tab.Viewers"));

  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(pages);
  layout->addWidget(error_);
  layout->addWidget(buttons);

  if (env_.api_base) {
    backend_note_->setText(tr_text("Settings.FromEnvBackend"));
    backend_note_->show();
  }
  if (env_.token) {
    token_->clear();
    token_->setPlaceholderText(tr_text("Settings.Token.FromEnv"));
    token_note_->setText(tr_text("Settings.FromEnvToken"));
    token_note_->show();
  }

  connect(backend_, QOverload<int>::of(&QComboBox::currentIndexChanged), this,
          &SettingsDialog::update_enabled);
  connect(after_, QOverload<int>::of(&QComboBox::currentIndexChanged), this,
          &SettingsDialog::update_enabled);
  connect(browse, &QPushButton::clicked, this, &SettingsDialog::browse_folder);
  connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
  update_enabled();
}

void SettingsDialog::update_enabled() {
  const bool env_backend = env_.api_base.has_value();
  backend_->setEnabled(!env_backend);
  url_->setEnabled(!env_backend &&
                   backend_->currentData().toInt() == static_cast<int>(Backend::Custom));
  token_->setEnabled(!env_.token);
  scene_->setEnabled(after_->currentData().toInt() == static_cast<int>(AfterRender::NamedScene));
  const bool viewers = viewer_enabled_->isChecked();
  for (QWidget *w : std::initializer_list<QWidget *>{viewer_approval_, viewer_cooldown_,
                                                     viewer_pending_, viewer_chars_,
                                                     viewer_credits_, viewer_words_, viewer_media_})
    w->setEnabled(viewers);
}

void SettingsDialog::browse_folder() {
  const QString start = folder_->text().isEmpty() ? folder_->placeholderText() : folder_->text();
  const QString dir =
      QFileDialog::getExistingDirectory(this, tr_text("Settings.OutputFolder"), start);
  if (!dir.isEmpty()) folder_->setText(dir);
}

PluginSettings SettingsDialog::result_settings() const {
  PluginSettings s = original_;
  if (!env_.api_base) {
    s.backend = static_cast<Backend>(backend_->currentData().toInt());
    s.custom_url = url_->text().trimmed().toStdString();
    if (auto url = normalize_url(s.custom_url)) s.custom_url = *url;
  }
  if (!env_.token) s.token = token_->text().trimmed().toStdString();
  s.language = language_->currentData().toString().toStdString();
  s.output_dir = folder_->text().trimmed().toStdString();
  s.after_render = static_cast<AfterRender>(after_->currentData().toInt());
  s.target_scene = scene_->currentText().trimmed().toStdString();
  s.upload_limit_mb = upload_limit_->value();
  s.poll_cap_s = poll_cap_->value();
  s.collect_replays = collect_replays_->isChecked();
  s.highlight_replays = highlight_replays_->value();
  s.offline_hardware_encoding = hardware_encoding_->isChecked();
  s.viewer.enabled = viewer_enabled_->isChecked();
  s.viewer.approval = viewer_approval_->isChecked();
  s.viewer.cooldown_s = viewer_cooldown_->value();
  s.viewer.max_pending = viewer_pending_->value();
  s.viewer.max_chars = viewer_chars_->value();
  s.viewer.daily_credits = viewer_credits_->value();
  s.viewer.blocked_words = viewer_words_->toPlainText().trimmed().toStdString();
  s.viewer.media_dir = viewer_media_->text().trimmed().toStdString();
  return s;
}

void SettingsDialog::accept() {
  const PluginSettings s = result_settings();
  QString problem;
  if (s.backend == Backend::Custom && !normalize_url(s.custom_url)) {
    problem = tr_text("Settings.Error.Url");
  } else if (s.after_render == AfterRender::NamedScene && s.target_scene.empty()) {
    problem = tr_text("Settings.Error.Scene");
  }
  if (!problem.isEmpty()) {
    error_->setText(problem);
    error_->show();
    return;
  }
  if (s != original_) save_settings(s);
  QDialog::accept();
}

void SettingsDialog::open_for(QWidget *parent) {
  static QPointer<SettingsDialog> open;
  if (open) {
    open->raise();
    open->activateWindow();
    return;
  }
  open = new SettingsDialog(settings(), parent);
  open->setAttribute(Qt::WA_DeleteOnClose);
  open->show();
}

}  // namespace nemo::obs
