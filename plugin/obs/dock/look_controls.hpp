// The dock's look choices for a new clip: the transitions (Auto, Random, the
// three styles, None, the 36 catalogue looks) and the camera move over the
// photos (Auto, push in, pull out, pans, tilts, drift, Ken Burns, still) with
// its strength, and the background under transparent pictures (Auto, then
// the named colours with a swatch each). Auto leaves the choice to the prompt.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QWidget>

#include "core/look_choice.hpp"

class QComboBox;
class QDoubleSpinBox;

namespace nemo::obs {

class LookControls : public QWidget {
 public:
  explicit LookControls(QWidget *parent = nullptr);
  core::LookChoice choice() const;

 private:
  QComboBox *transition_ = nullptr;
  QComboBox *camera_ = nullptr;
  QDoubleSpinBox *strength_ = nullptr;
  QComboBox *background_ = nullptr;
};

}  // namespace nemo::obs
