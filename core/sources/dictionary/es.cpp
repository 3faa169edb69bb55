// Spanish column titles: Bitrix24 in the Spanish (Latin American, "la")
// interface, from its deal field captions (crm lang/la classes/general/
// crm_deal.php: CRM_DEAL_FIELD_*, CRM_FIELD_*).
#include "core/sources/dictionary.h"

namespace kpi {
namespace {

using namespace dict;  // NOLINT: the rows below are data

constexpr Alias kAliases[] = {
    // ---- deals
    {kD, kDStage, "Etapa de la negociación", kBx},
    {kD, kDOwner, "Persona responsable", kBx},
    {kD, kDAmount, "Ingreso", kBx},
    {kD, kDAmount, "Total", kBx},
    {kD, kDCreated, "Creado el", kBx},
    {kD, kDTitle, "Nombre de la negociación", kBx},
    {kD, kDTitle, "Nombre", kBx},
    {kD, kDPipeline, "Pipeline", kBx},
    {kD, kDSource, "Origen", kBx},
    {kD, kDCurrency, "Moneda", kBx},
    {kD, kDClosed, "Fecha de cierre proyectada", kBx},
    {kD, kDClosed, "Fecha de finalización", kBx},
};

}  // namespace

std::span<const Alias> header_aliases_es() noexcept { return kAliases; }

}  // namespace kpi
