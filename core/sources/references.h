// Resolving the placeholders of CRM API dumps for one analysis
// (docs/architecture.md, "References"). The tables keep what the files said
// ("amocrm:user:5"); the reference table (Dataset::references) says what each
// placeholder names. For the length of one analysis this class rewrites the
// placeholder columns through a remap (one StrId per name in the pool, not
// per row), sets the state of deals whose stage has known semantics, hides
// calls read twice (from amoCRM events and notes), and adds the reference
// pipelines' stage order to the settings; its destructor restores the model
// as read. Files can therefore come in any order, and removing one only drops
// its rows: nothing resolved is ever stored.
#pragma once

#include <vector>

#include "core/model/dataset.h"
#include "core/settings.h"

namespace kpi {

class ResolvedReferences {
 public:
  /// Resolves `data` in place (until destruction) against the settings in use.
  ResolvedReferences(Dataset& data, const Settings& settings);
  ~ResolvedReferences();
  ResolvedReferences(const ResolvedReferences&) = delete;
  ResolvedReferences& operator=(const ResolvedReferences&) = delete;

  /// The settings plus what the references say about stage order and final stages.
  const Settings& settings() const noexcept { return settings_; }

  /// What each name-pool id stands for (identity for plain names), as the
  /// last file that names it says.
  static std::vector<StrId> remap(const Dataset& data);

 private:
  Dataset& data_;
  Settings settings_;
  std::vector<std::vector<StrId>*> columns_;  // rewritten columns, and their values as read:
  std::vector<std::vector<StrId>> saved_;
  std::vector<DealState> saved_state_;
  std::vector<StrId> saved_activity_deal_;
  bool state_changed_ = false, activities_changed_ = false;
};

/// True when an analysis needs ResolvedReferences: some reference rows, or
/// activities that may be read twice.
bool needs_resolution(const Dataset& data) noexcept;

}  // namespace kpi
