// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/look_controls.hpp"

#include <QColor>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QIcon>
#include <QPixmap>

#include "obs/dock/dock_text.hpp"
#include "protocol/looks.hpp"

namespace nemo::obs {
namespace {

// "Dock.Transition.wipeleft" and the like.
QString look_text(const char *family, std::string_view name) {
  const std::string key = std::string("Dock.") + family + "." + std::string(name);
  return tr_text(key.c_str());
}

QComboBox *combo(QWidget *parent, const char *object_name, const char *tip) {
  auto *box = new QComboBox(parent);
  box->setObjectName(QString::fromUtf8(object_name));
  box->setToolTip(tr_text(tip));
  box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  box->setMinimumContentsLength(8);
  return box;
}

// A small square of the colour, for the background menu.
QIcon swatch(std::string_view name) {
  QPixmap square(12, 12);
  square.fill(QColor(QString::fromStdString(protocol::canonical_background(name))));
  return QIcon(square);
}

}  // namespace

LookControls::LookControls(QWidget *parent) : QWidget(parent) {
  transition_ = combo(this, "nemo-transition", "Dock.Transition.Tip");
  for (const char *choice : {"auto", "random", "smooth", "dynamic", "cinematic", "none"})
    transition_->addItem(look_text("Transition", choice), QString::fromUtf8(choice));
  transition_->insertSeparator(transition_->count());
  for (const std::string_view name : protocol::transition_names())
    transition_->addItem(look_text("Transition", name),
                         QString::fromUtf8(name.data(), static_cast<int>(name.size())));

  camera_ = combo(this, "nemo-camera", "Dock.Camera.Tip");
  camera_->addItem(look_text("Camera", "auto"), QStringLiteral("auto"));
  for (const std::string_view move : core::camera_moves())
    camera_->addItem(look_text("Camera", move),
                     QString::fromUtf8(move.data(), static_cast<int>(move.size())));

  // 0 shows "auto": a move of no strength is "Still", chosen above.
  strength_ = new QDoubleSpinBox(this);
  strength_->setObjectName(QStringLiteral("nemo-camera-strength"));
  strength_->setToolTip(tr_text("Dock.Camera.Strength.Tip"));
  strength_->setRange(0.0, protocol::kMotionStrengthMax);
  strength_->setSingleStep(0.25);
  strength_->setDecimals(2);
  strength_->setValue(0.0);
  strength_->setSpecialValueText(tr_text("Dock.Camera.Strength.Auto"));
  strength_->setPrefix(tr_text("Dock.Camera.Strength.Prefix"));
  const auto still = [this]() { return camera_->currentData().toString() == "still"; };
  strength_->setEnabled(!still());
  connect(camera_, QOverload<int>::of(&QComboBox::currentIndexChanged), this,
          [this, still](int) { strength_->setEnabled(!still()); });

  // Under transparent pictures (logos, stickers) and a padded fit's bars.
  background_ = combo(this, "nemo-background", "Dock.Background.Tip");
  background_->setMinimumContentsLength(5);
  background_->addItem(look_text("Background", "auto"), QStringLiteral("auto"));
  for (const std::string_view name : protocol::background_colour_names())
    background_->addItem(swatch(name), look_text("Background", name),
                         QString::fromUtf8(name.data(), static_cast<int>(name.size())));

  // Two rows of two, so that a dock as narrow as OBS's default keeps every
  // menu's words readable: the transitions and the background, then the
  // camera move and its strength.
  auto *grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(transition_, 0, 0);
  grid->addWidget(background_, 0, 1);
  grid->addWidget(camera_, 1, 0);
  grid->addWidget(strength_, 1, 1);
  grid->setColumnStretch(0, 1);
  grid->setColumnStretch(1, 1);
}

core::LookChoice LookControls::choice() const {
  core::LookChoice c;
  c.transition = transition_->currentData().toString().toStdString();
  c.motion = camera_->currentData().toString().toStdString();
  if (strength_->isEnabled() && strength_->value() > 0) c.motion_strength = strength_->value();
  c.background = background_->currentData().toString().toStdString();
  return c;
}

}  // namespace nemo::obs
