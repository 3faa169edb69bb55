// Portuguese column titles: Bitrix24 in the Brazilian Portuguese ("br")
// interface, from its deal field captions (crm lang/br classes/general/
// crm_deal.php: CRM_DEAL_FIELD_*, CRM_FIELD_*).
#include "core/sources/dictionary.h"

namespace kpi {
namespace {

using namespace dict;  // NOLINT: the rows below are data

constexpr Alias kAliases[] = {
    // ---- deals
    {kD, kDStage, "Fase do negócio", kBx},
    {kD, kDOwner, "Pessoa responsável", kBx},
    {kD, kDAmount, "Renda", kBx},
    {kD, kDAmount, "Total", kBx},
    {kD, kDCreated, "Criado em", kBx},
    {kD, kDTitle, "Nome do negócio", kBx},
    {kD, kDTitle, "Nome", kBx},
    {kD, kDPipeline, "Pipeline", kBx},
    {kD, kDSource, "Fonte", kBx},
    {kD, kDCurrency, "Moeda", kBx},
    {kD, kDClosed, "Data Planejada para o Fechamento", kBx},
    {kD, kDClosed, "Data de término", kBx},
};

}  // namespace

std::span<const Alias> header_aliases_pt() noexcept { return kAliases; }

}  // namespace kpi
