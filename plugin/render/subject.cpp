// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/subject.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <fstream>
#include <memory>
#include <mutex>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <vector>

#include "platform/face_models.hpp"
#include "render/orientation.hpp"
#include "render/scaler.hpp"

namespace nemo::render {
namespace {

constexpr int kWorkSide = 640;         // the long side the face detector looks at
constexpr int kDetailSide = 160;       // the long side the edge energy is taken at
constexpr double kMinFace = 1.0 / 18;  // of the short side: smaller ones are not a subject
constexpr double kFaceOfNote = 0.2;    // of the largest face's area: smaller faces are ignored

// OpenCV's cascade is not safe to run from two threads at once: one a
// process, loaded on first use, detections one at a time (each a few tens of ms).
struct FaceModel {
  std::once_flag loaded;
  std::mutex mu;
  std::unique_ptr<cv::CascadeClassifier> cascade;
};

FaceModel &face_model() {
  static FaceModel model;
  std::call_once(model.loaded, [] {
    for (const std::string &path : platform::face_model_candidates()) {
      if (!std::ifstream(path).good()) continue;
      try {
        auto c = std::make_unique<cv::CascadeClassifier>();
        if (c->load(path) && !c->empty()) {
          model.cascade = std::move(c);
          return;
        }
      } catch (const cv::Exception &) {
        // A damaged model file: try the next one.
      }
    }
  });
  return model;
}

// The picture as displayed, in gray, its long side at most `side`.
bool displayed_gray(const SourceView &src, int orientation, int side, YuvImage &stored,
                    YuvImage &shown, cv::Mat &gray) {
  if (src.width <= 0 || src.height <= 0) return false;
  const double s = std::min(1.0, static_cast<double>(side) / std::max(src.width, src.height));
  const int w = std::max(2, static_cast<int>(std::lround(src.width * s / 2)) * 2);
  const int h = std::max(2, static_cast<int>(std::lround(src.height * s / 2)) * 2);
  stored.resize(w, h);
  Scaler scaler;
  if (!scaler.scale(src, stored.ref(), SWS_AREA)) return false;
  YuvRef ref = stored.ref();
  if (orientation > 1 && orientation <= 8) {
    const bool t = orientation_transposes(orientation);
    shown.resize(t ? h : w, t ? w : h);
    orient_copy(stored.ref(), shown.ref(), orientation);
    ref = shown.ref();
  }
  const Plane &y = ref.p[0];
  gray = cv::Mat(y.height, y.width, CV_8UC1, y.data, static_cast<std::size_t>(y.stride));
  return true;
}

Subject faces_in(const cv::Mat &gray) {
  Subject out;
  FaceModel &model = face_model();
  if (!model.cascade) return out;
  cv::Mat eq;
  cv::equalizeHist(gray, eq);
  const int min_side = std::max(20, static_cast<int>(std::min(gray.cols, gray.rows) * kMinFace));
  std::vector<cv::Rect> found;
  {
    std::lock_guard<std::mutex> lock(model.mu);
    model.cascade->detectMultiScale(eq, found, 1.1, 5, 0, cv::Size(min_side, min_side));
  }
  if (found.empty()) return out;
  int largest = 0;
  for (const auto &f : found) largest = std::max(largest, f.area());
  cv::Rect box;
  for (const auto &f : found) {
    if (f.area() < kFaceOfNote * largest) continue;
    box = out.faces == 0 ? f : (box | f);
    ++out.faces;
  }
  out.kind = Subject::Kind::Faces;
  out.box = {static_cast<double>(box.x) / gray.cols, static_cast<double>(box.y) / gray.rows,
             static_cast<double>(box.x + box.width) / gray.cols,
             static_cast<double>(box.y + box.height) / gray.rows};
  return out;
}

// The centre of the picture's detail: the centroid of its squared gradient,
// and a box of one standard deviation around it.
Subject detail_in(const cv::Mat &gray) {
  Subject out;
  cv::Mat small, gx, gy;
  const double s = static_cast<double>(kDetailSide) / std::max(gray.cols, gray.rows);
  cv::resize(gray, small, cv::Size(), std::min(1.0, s), std::min(1.0, s), cv::INTER_AREA);
  cv::GaussianBlur(small, small, cv::Size(3, 3), 0);
  cv::Sobel(small, gx, CV_32F, 1, 0);
  cv::Sobel(small, gy, CV_32F, 0, 1);
  cv::Mat energy = gx.mul(gx) + gy.mul(gy);
  double sum = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  for (int y = 0; y < energy.rows; ++y) {
    const float *row = energy.ptr<float>(y);
    for (int x = 0; x < energy.cols; ++x) {
      const double e = row[x];
      sum += e;
      sx += e * x;
      sy += e * y;
      sxx += e * x * x;
      syy += e * y * y;
    }
  }
  // A flat picture (a solid colour, a smooth gradient): no subject.
  if (sum < 10.0 * energy.rows * energy.cols) return out;
  const double cx = sx / sum, cy = sy / sum;
  const double dx = std::sqrt(std::max(0.0, sxx / sum - cx * cx));
  const double dy = std::sqrt(std::max(0.0, syy / sum - cy * cy));
  out.kind = Subject::Kind::Detail;
  out.box = {
      std::clamp((cx - dx) / energy.cols, 0.0, 1.0), std::clamp((cy - dy) / energy.rows, 0.0, 1.0),
      std::clamp((cx + dx) / energy.cols, 0.0, 1.0), std::clamp((cy + dy) / energy.rows, 0.0, 1.0)};
  return out;
}

}  // namespace

bool face_model_loaded() {
  return face_model().cascade != nullptr;
}

Subject find_subject(const SourceView &src, int orientation) {
  try {
    YuvImage stored, shown;
    cv::Mat gray;
    if (!displayed_gray(src, orientation, kWorkSide, stored, shown, gray)) return {};
    Subject faces = faces_in(gray);
    if (faces.kind == Subject::Kind::Faces) return faces;
    return detail_in(gray);
  } catch (const std::exception &) {
    return {};  // OpenCV out of memory, or a model it cannot run: frame by the centre
  }
}

}  // namespace nemo::render
