// Resolving the placeholders of CRM API dumps for one analysis
// (docs/architecture.md, "References"). The tables keep what the files said
// ("amocrm:user:5"); the reference table (Dataset::references) says what each
// placeholder names. This class owns a resolved copy of the model for the
// length of one analysis: the placeholder columns rewritten through a remap
// (one StrId per name in the pool, not per row), the state of deals whose
// stage has known semantics set, calls read twice (from amoCRM events and
// notes) detached, and the reference pipelines' stage order added to a copy
// of the settings; last, open deals whose stage the settings' won_stages /
// lost_stages name are closed (so changing those names needs no re-read).
// The model itself is never written: files can come in any
// order, removing one only drops its rows, and nothing resolved is stored.
#pragma once

#include <vector>

#include "core/model/dataset.h"
#include "core/settings.h"

namespace kpi {

class ResolvedReferences {
 public:
  /// Resolves a copy of `data` against the settings in use (`data` is not changed).
  ResolvedReferences(const Dataset& data, const Settings& settings);
  ResolvedReferences(const ResolvedReferences&) = delete;
  ResolvedReferences& operator=(const ResolvedReferences&) = delete;

  /// The model with every placeholder resolved.
  const Dataset& data() const noexcept { return data_; }

  /// The settings plus what the references say about stage order and final stages.
  const Settings& settings() const noexcept { return settings_; }

  /// What each name-pool id stands for (identity for plain names), as the
  /// last file that names it says.
  static std::vector<StrId> remap(const Dataset& data);

 private:
  void rewrite(const std::vector<StrId>& to);  // placeholders -> names, in the copy

  Dataset data_;
  Settings settings_;
};

/// True when an analysis needs ResolvedReferences: some reference rows,
/// activities that may be read twice, or an open deal in a stage the
/// settings' won_stages / lost_stages name (its state is decided at analysis time).
bool needs_resolution(const Dataset& data, const Settings& settings);

}  // namespace kpi
