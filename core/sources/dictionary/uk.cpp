// Ukrainian column titles: Bitrix24 in the Ukrainian interface (the deal
// list's columns, crm.deal.list lang/ua: CRM_COLUMN_*), the titles an export
// made there carries.
#include "core/sources/dictionary.h"

namespace kpi {
namespace {

using namespace dict;  // NOLINT: the rows below are data

constexpr Alias kAliases[] = {
    // ---- deals
    {kD, kDStage, "Стадія угоди", kBx},
    {kD, kDOwner, "Відповідальний", kBx},
    {kD, kDAmount, "Сума", kBx},
    {kD, kDCreated, "Дата створення", kBx},
    {kD, kDTitle, "Назва", kBx},
    {kD, kDPipeline, "Напрямок", kBx},
    {kD, kDSource, "Джерело", kBx},
    {kD, kDCurrency, "Валюта", kBx},
    {kD, kDClosed, "Орієнтовна дата закриття", kBx},
};

}  // namespace

std::span<const Alias> header_aliases_uk() noexcept { return kAliases; }

}  // namespace kpi
