#include "core/sources/dictionary.h"

#include <array>
#include <utility>

#include "core/model/text.h"

namespace kpi {
namespace {

// Final stages of the CRMs' default pipelines, besides settings.won_stages /
// lost_stages. Bitrix24's default deal stages in Ukrainian, Spanish and
// Portuguese are its own names (crm lang/<ua|la|br> crm_status.php:
// CRM_DEAL_STAGE_WON, _LOSE, _APOLOGY).
constexpr std::string_view kWon[] = {"Успешно реализовано", "Сделка успешна", "Closed won", "Won", "Выиграна",
                                     "Успішна угода", "Negociación ganada", "Negócio ganho"};
constexpr std::string_view kLost[] = {"Закрыто и не реализовано", "Сделка провалена", "Анализ причины провала",
                                      "Closed lost", "Lost", "Проиграна",
                                      "Угода провалена", "Аналіз причини провалу",
                                      "Negociación perdida", "Analizar la falla",
                                      "Negócio perdido", "Analisar falha"};

// What a closed_at cell says for a deal that is still open (amoCRM: «не закрыта»).
constexpr std::string_view kNotClosed[] = {"не закрыта", "не закрыто", "not closed", "-", "—"};

constexpr ActivityWord kActivityWords[] = {
    {"call_in", ActivityKind::kCall, Dir::kIn}, {"call_out", ActivityKind::kCall, Dir::kOut},
    {"email_in", ActivityKind::kEmail, Dir::kIn}, {"email_out", ActivityKind::kEmail, Dir::kOut},
    {"meeting", ActivityKind::kMeeting, Dir::kOut},
    {"message_in", ActivityKind::kMessage, Dir::kIn}, {"message_out", ActivityKind::kMessage, Dir::kOut},
    {"входящий звонок", ActivityKind::kCall, Dir::kIn}, {"исходящий звонок", ActivityKind::kCall, Dir::kOut},
    {"звонок входящий", ActivityKind::kCall, Dir::kIn}, {"звонок исходящий", ActivityKind::kCall, Dir::kOut},
    {"incoming call", ActivityKind::kCall, Dir::kIn}, {"outgoing call", ActivityKind::kCall, Dir::kOut},
    {"inbound call", ActivityKind::kCall, Dir::kIn}, {"outbound call", ActivityKind::kCall, Dir::kOut},
    {"звонок", ActivityKind::kCall, Dir::kNone}, {"телефонный звонок", ActivityKind::kCall, Dir::kNone},
    {"call", ActivityKind::kCall, Dir::kNone}, {"phone call", ActivityKind::kCall, Dir::kNone},
    {"входящее письмо", ActivityKind::kEmail, Dir::kIn}, {"исходящее письмо", ActivityKind::kEmail, Dir::kOut},
    {"incoming email", ActivityKind::kEmail, Dir::kIn}, {"outgoing email", ActivityKind::kEmail, Dir::kOut},
    {"письмо", ActivityKind::kEmail, Dir::kNone}, {"e-mail", ActivityKind::kEmail, Dir::kNone},
    {"email", ActivityKind::kEmail, Dir::kNone}, {"электронная почта", ActivityKind::kEmail, Dir::kNone},
    {"встреча", ActivityKind::kMeeting, Dir::kOut},
    {"входящее сообщение", ActivityKind::kMessage, Dir::kIn}, {"исходящее сообщение", ActivityKind::kMessage, Dir::kOut},
    {"incoming message", ActivityKind::kMessage, Dir::kIn}, {"outgoing message", ActivityKind::kMessage, Dir::kOut},
    {"сообщение", ActivityKind::kMessage, Dir::kNone}, {"чат", ActivityKind::kMessage, Dir::kNone},
    {"message", ActivityKind::kMessage, Dir::kNone}, {"chat", ActivityKind::kMessage, Dir::kNone},
    {"sms", ActivityKind::kMessage, Dir::kNone},
};
// Direction cells: words, and Bitrix24's DIRECTION codes (1 incoming, 2 outgoing).
constexpr std::pair<std::string_view, Dir> kDirectionWords[] = {
    {"входящий", Dir::kIn}, {"входящая", Dir::kIn}, {"входящее", Dir::kIn}, {"вход.", Dir::kIn},
    {"incoming", Dir::kIn}, {"inbound", Dir::kIn}, {"in", Dir::kIn}, {"1", Dir::kIn},
    {"исходящий", Dir::kOut}, {"исходящая", Dir::kOut}, {"исходящее", Dir::kOut}, {"исх.", Dir::kOut},
    {"outgoing", Dir::kOut}, {"outbound", Dir::kOut}, {"out", Dir::kOut}, {"2", Dir::kOut},
};

}  // namespace

std::span<const HeaderLanguage> header_languages() noexcept {
  static const HeaderLanguage languages[] = {
      {"ru", header_aliases_ru(), false},
      {"en", header_aliases_en(), false},
      {"uk", header_aliases_uk(), true},
      {"es", header_aliases_es(), true},
      {"pt", header_aliases_pt(), true},
      {"de", header_aliases_de(), true},
  };
  return languages;
}

// `folded` is scratch space for the case-folded cell (Bitrix24 writes
// "Успешная", "Провал": Cyrillic capitals).
bool parse_state(std::string_view s, DealState& out, std::string& folded) {
  static constexpr std::array<std::pair<std::string_view, DealState>, 11> kStates = {{
      {"\xD1\x83\xD1\x81\xD0\xBF\xD0\xB5\xD1\x88\xD0\xBD\xD0\xB0\xD1\x8F", DealState::kWon},  // успешная
      {"\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBB", DealState::kLost},                    // провал
      {"open", DealState::kOpen}, {"won", DealState::kWon}, {"lost", DealState::kLost},
      {"\xD0\xBE\xD1\x82\xD0\xBA\xD1\x80\xD1\x8B\xD1\x82\xD0\xB0", DealState::kOpen},           // открыта
      {"\xD0\xB2 \xD1\x80\xD0\xB0\xD0\xB1\xD0\xBE\xD1\x82\xD0\xB5", DealState::kOpen},          // в работе
      {"\xD0\xB2\xD1\x8B\xD0\xB8\xD0\xB3\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB0", DealState::kWon},    // выиграна
      {"\xD1\x83\xD1\x81\xD0\xBF\xD0\xB5\xD1\x88\xD0\xBD\xD0\xB0", DealState::kWon},            // успешна
      {"\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB8\xD0\xB3\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB0", DealState::kLost},  // проиграна
      {"\xD0\xBF\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB0", DealState::kLost},  // провалена
  }};
  fold_case(s, folded);
  for (const auto& [name, state] : kStates) {
    if (folded == name) { out = state; return true; }
  }
  return false;
}

const ActivityWord* activity_word(std::string_view folded) noexcept {
  for (const ActivityWord& w : kActivityWords) {
    if (folded == w.name) return &w;
  }
  return nullptr;
}

Dir direction_word(std::string_view folded) noexcept {
  for (const auto& [name, dir] : kDirectionWords) {
    if (folded == name) return dir;
  }
  return Dir::kNone;
}


std::span<const std::string_view> builtin_won_stages() noexcept { return kWon; }
std::span<const std::string_view> builtin_lost_stages() noexcept { return kLost; }

bool is_not_closed_word(std::string_view folded) noexcept {
  for (std::string_view n : kNotClosed) {
    if (folded == n) return true;
  }
  return false;
}

}  // namespace kpi
