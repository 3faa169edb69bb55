// German column titles: Bitrix24 in the German interface, where deals are
// "Aufträge": the deal list's columns (crm.deal.list lang/de: CRM_COLUMN_*)
// and the deal form's captions (crm.deal.details lang/de).
#include "core/sources/dictionary.h"

namespace kpi {
namespace {

using namespace dict;  // NOLINT: the rows below are data

constexpr Alias kAliases[] = {
    // ---- deals
    {kD, kDStage, "Phase", kBx},
    {kD, kDOwner, "Verantwortlich", kBx},
    {kD, kDAmount, "Gewinn", kBx},
    {kD, kDAmount, "Betrag", kBx},
    {kD, kDCreated, "Erstellt am", kBx},
    {kD, kDTitle, "Auftragsname", kBx},
    {kD, kDTitle, "Name", kBx},
    {kD, kDPipeline, "Pipeline", kBx},
    {kD, kDPipeline, "Auftragspipeline", kBx},
    {kD, kDSource, "Quelle", kBx},
    {kD, kDCurrency, "Währung", kBx},
    {kD, kDClosed, "Voraussichtliches Abschlussdatum", kBx},
    {kD, kDClosed, "Abschlussdatum", kBx},
};

}  // namespace

std::span<const Alias> header_aliases_de() noexcept { return kAliases; }

}  // namespace kpi
