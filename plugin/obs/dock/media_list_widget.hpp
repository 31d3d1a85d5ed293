// The dock's media: photos, clips and music, dropped from the file manager
// or added with a button, each checked (type from its content, size limit)
// and given a thumbnail off the UI thread; reorder by dragging or with the
// arrows, remove with the button or Delete. Files that cannot be used stay
// in the list, greyed, with the reason as their second line.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <memory>

#include "obs/dock/media_check.hpp"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QToolButton;

namespace nemo::obs {

class BackgroundQueue;

struct MediaSelection {
  QStringList images;
  QStringList videos;
  QString audio;     // the first usable audio file ("" if none)
  QStringList all;   // every usable file, in list order
  int rejected = 0;  // files in the list that cannot be used
  int pending = 0;   // files still being checked
};

class MediaListWidget : public QWidget {
  Q_OBJECT

 public:
  explicit MediaListWidget(QWidget *parent = nullptr);
  ~MediaListWidget() override;

  MediaSelection selection() const;
  int count() const;
  // Files already in the list are skipped; checks run in the background.
  void add_files(const QStringList &paths);
  void set_upload_limit(std::uint64_t bytes) { upload_limit_ = bytes; }

 public Q_SLOTS:
  void browse();
  void remove_selected();
  void move_selected(int delta);

 Q_SIGNALS:
  void changed();

 protected:
  void dragEnterEvent(QDragEnterEvent *event) override;
  void dragMoveEvent(QDragMoveEvent *event) override;
  void dropEvent(QDropEvent *event) override;
  bool eventFilter(QObject *watched, QEvent *event) override;

 private:
  void on_checked(const QString &path, const MediaCheckResult &result, const QImage &thumbnail);
  QListWidgetItem *find(const QString &path) const;
  void update_buttons();

  QListWidget *list_ = nullptr;
  QLabel *hint_ = nullptr;
  QPushButton *add_ = nullptr;
  QToolButton *remove_ = nullptr;
  QToolButton *up_ = nullptr;
  QToolButton *down_ = nullptr;
  std::uint64_t upload_limit_ = 500ull * 1024 * 1024;
  std::unique_ptr<BackgroundQueue> worker_;
};

}  // namespace nemo::obs
