// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/transition_catalogue.hpp"

#include <string>

#include "protocol/looks.hpp"

namespace nemo::render {
namespace {

using T = Transition::Type;
using F = TransitionFamily;

const TransitionLook kCut{T::None, "none", F::Cut};

}  // namespace

const std::vector<TransitionLook> &transition_catalogue() {
  static const std::vector<TransitionLook> looks = {
      {T::Fade, "fade", F::Blend},
      {T::FadeBlack, "fadeblack", F::Through},
      {T::FadeWhite, "fadewhite", F::Through},
      {T::Dissolve, "dissolve", F::Dissolve},
      {T::Pixelize, "pixelize", F::Pixelize},
      {T::ZoomIn, "zoomin", F::Zoom},
      {T::WipeLeft, "wipeleft", F::Mask},
      {T::WipeRight, "wiperight", F::Mask},
      {T::WipeUp, "wipeup", F::Mask},
      {T::WipeDown, "wipedown", F::Mask},
      {T::SmoothLeft, "smoothleft", F::Mask},
      {T::SmoothRight, "smoothright", F::Mask},
      {T::SmoothUp, "smoothup", F::Mask},
      {T::SmoothDown, "smoothdown", F::Mask},
      {T::SlideLeft, "slideleft", F::Push, -1, 0},
      {T::SlideRight, "slideright", F::Push, 1, 0},
      {T::SlideUp, "slideup", F::Push, 0, -1},
      {T::SlideDown, "slidedown", F::Push, 0, 1},
      {T::CoverLeft, "coverleft", F::Cover, -1, 0},
      {T::CoverRight, "coverright", F::Cover, 1, 0},
      {T::RevealLeft, "revealleft", F::Reveal, -1, 0},
      {T::RevealRight, "revealright", F::Reveal, 1, 0},
      {T::CircleOpen, "circleopen", F::Mask},
      {T::CircleClose, "circleclose", F::Mask},
      {T::HorzOpen, "horzopen", F::Mask},
      {T::HorzClose, "horzclose", F::Mask},
      {T::VertOpen, "vertopen", F::Mask},
      {T::VertClose, "vertclose", F::Mask},
      {T::DiagTL, "diagtl", F::Mask},
      {T::DiagTR, "diagtr", F::Mask},
      {T::DiagBL, "diagbl", F::Mask},
      {T::DiagBR, "diagbr", F::Mask},
      {T::Radial, "radial", F::Mask},
      {T::Blinds, "blinds", F::Mask},
      {T::Checker, "checker", F::Mask},
      {T::Clouds, "clouds", F::Mask},
  };
  return looks;
}

const TransitionLook &transition_look(Transition::Type type) {
  for (const TransitionLook &look : transition_catalogue())
    if (look.type == type) return look;
  return kCut;
}

bool transition_from_name(std::string_view name, Transition::Type &type) {
  const std::string canonical = protocol::canonical_transition(name);
  if (canonical == "none") {
    type = T::None;
    return true;
  }
  for (const TransitionLook &look : transition_catalogue()) {
    if (look.name == canonical) {
      type = look.type;
      return true;
    }
  }
  return false;
}

}  // namespace nemo::render
