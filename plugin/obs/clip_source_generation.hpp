// The AI Video Clip source's side of a generation: the Generate button's
// request (built from the source's settings) and the service events that
// concern this source (progress and failures go to the status line; a
// finished clip goes to clip_path, which makes the source play it).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.h>

#include <memory>
#include <string>

#include "obs/generation_service.hpp"

namespace nemo::obs::clip {

// The request the source's settings describe (media sorted by extension).
ClipRequest request_from_settings(obs_data_t *settings, const std::string &source_name);

class GenerationListener {
 public:
  // Subscribes to GenerationService; events arrive on its worker threads and
  // reach the source only through a weak reference.
  // `job_id`: the job the saved settings name (a generation resumed at start).
  GenerationListener(obs_source_t *source, const std::string &job_id);
  ~GenerationListener();  // unsubscribes
  GenerationListener(const GenerationListener &) = delete;
  GenerationListener &operator=(const GenerationListener &) = delete;

  // The Generate button (UI thread): starts a generation for this source.
  void generate(obs_source_t *source);

  struct State;

 private:
  std::shared_ptr<State> state_;
  int token_ = 0;
};

}  // namespace nemo::obs::clip
