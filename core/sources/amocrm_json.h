// amoCRM / Kommo API v4 dumps (docs/formats.md, "amoCRM API v4 JSON"): pages
// of /api/v4/leads, /events, /tasks, /leads/notes, /leads/pipelines, /users
// and /leads/loss_reasons, one page, an array of pages or a bare array of
// entities per file. Users, pipelines, stages and loss reasons are written
// as placeholders ("amocrm:user:5", "amocrm:pipeline:7",
// "amocrm:stage:7:142", "amocrm:loss_reason:3") with reference rows from
// the files that name them.
#pragma once

#include <string>
#include <string_view>

#include "core/sources/crm_json.h"

namespace kpi {

/// What a page says about its entities beyond them: notes of contacts or
/// companies (their `_links.self.href`) are not notes of deals.
struct AmoPageHints {
  bool lead_notes = true;
  std::string account;  ///< the account's host in `_links.self.href` ("" when none or not a plain host)
};
AmoPageHints amocrm_page_hints(json::object page);

/// The list a page's `_embedded` holds (`list` = its key). kUnknown when it
/// holds none we read: `found` is then the key it holds ("contacts"), or
/// empty for an empty page.
DumpKind amocrm_page_kind(json::object embedded, std::string_view& list, std::string& found);
/// The list a bare array of entities comes from, by the first entity's fields.
DumpKind amocrm_entity_kind(json::object first);
/// The `_embedded` key of a kind ("leads"), for messages.
std::string_view amocrm_list_name(DumpKind kind) noexcept;

/// Reads the entities of one page (or bare array) of the given kind.
void read_amocrm(JsonIngest& in, DumpKind kind, json::array entities, std::string_view list, AmoPageHints hints);

}  // namespace kpi
