#include "core/sources/canonical_csv.h"

#include <cmath>
#include <span>

#include <fmt/format.h>

#include "core/io/number.h"
#include "core/model/text.h"
#include "core/sources/mapping.h"

namespace kpi {
namespace {

// Column order here is the index used by the read_* functions below.
constexpr std::array<ColumnSpec, 13> kDealColumns = {{
    {"id", true}, {"title", false}, {"pipeline", false}, {"stage", true}, {"state", false},
    {"owner", true}, {"source", false}, {"segment", false}, {"amount", false}, {"currency", false},
    {"created_at", true}, {"closed_at", false}, {"loss_reason", false},
}};
enum DealCol : size_t { kDId, kDTitle, kDPipeline, kDStage, kDState, kDOwner, kDSource, kDSegment,
                        kDAmount, kDCurrency, kDCreated, kDClosed, kDLossReason };

constexpr std::array<ColumnSpec, 5> kStageEventColumns = {{
    {"deal_id", true}, {"from_stage", false}, {"to_stage", true}, {"at", true}, {"by", false},
}};
enum EventCol : size_t { kEDeal, kEFrom, kETo, kEAt, kEBy };

constexpr std::array<ColumnSpec, 7> kTaskColumns = {{
    {"id", true}, {"deal_id", false}, {"owner", true}, {"created_at", false}, {"due_at", true},
    {"completed_at", false}, {"type", false},
}};
enum TaskCol : size_t { kTId, kTDeal, kTOwner, kTCreated, kTDue, kTCompleted, kTType };

// `direction` is not in formats.md §1: CRM exports of calls write "Звонок" in
// one column and "Входящий"/"Исходящий" in another (the canonical type
// call_in/call_out carries both).
constexpr std::array<ColumnSpec, 7> kActivityColumns = {{
    {"id", false}, {"deal_id", true}, {"owner", false}, {"type", true}, {"at", true}, {"duration_s", false},
    {"direction", false},
}};
enum ActivityCol : size_t { kAId, kADeal, kAOwner, kAType, kAAt, kADuration, kADirection };

struct TableSpec {
  TableKind kind;
  std::span<const ColumnSpec> columns;
};
constexpr std::array<TableSpec, 4> kTables = {{
    {TableKind::kDeals, kDealColumns},
    {TableKind::kStageEvents, kStageEventColumns},
    {TableKind::kTasks, kTaskColumns},
    {TableKind::kActivities, kActivityColumns},
}};
static_assert(kDealColumns.size() <= CanonicalCsvSink::kMaxColumns);

const TableSpec& spec_of(TableKind kind) { return kTables[static_cast<size_t>(kind) - 1]; }

// Header aliases: what CRMs call the canonical columns (crm-formats.md). A
// header matches case-folded (ASCII and Cyrillic) and trimmed; the origin of
// the matches names the file's format. The same header may name different
// fields in different tables ("Дата закрытия": a deal's closed_at, a task's
// completed_at). Extend freely: order does not matter. Where crm-formats.md
// says "unconfirmed" (the UI exports of tasks, calls and stage history), the
// plausible spellings of both CRMs and of generic exports are all listed.
enum class Origin : uint8_t { kCanonical, kGeneric, kAmo, kBitrix };
struct Alias {
  TableKind table;
  size_t column;
  std::string_view header;
  Origin origin;
};
constexpr TableKind kD = TableKind::kDeals, kE = TableKind::kStageEvents, kT = TableKind::kTasks,
                    kA = TableKind::kActivities;
constexpr Origin kGen = Origin::kGeneric, kAmo = Origin::kAmo, kBx = Origin::kBitrix;
constexpr Alias kAliases[] = {
    // ---- deals ----------------------------------------------------------
    // amoCRM / Kommo UI export (Russian).
    {kD, kDAmount, "Бюджет", kAmo},
    {kD, kDStage, "Этап сделки", kAmo},
    {kD, kDPipeline, "Воронка", kAmo},
    {kD, kDCreated, "Дата создания сделки", kAmo},
    {kD, kDClosed, "Дата закрытия", kAmo},
    // Bitrix24 UI export (Russian and English).
    {kD, kDStage, "Стадия сделки", kBx},
    {kD, kDAmount, "Сумма", kBx},
    {kD, kDPipeline, "Направление", kBx},
    {kD, kDCreated, "Дата создания", kBx},
    {kD, kDClosed, "Предполагаемая дата закрытия", kBx},
    {kD, kDState, "Группа стадий", kBx},
    {kD, kDAmount, "Income", kBx},
    {kD, kDClosed, "Assumed close date", kBx},
    // Any CRM, Russian and English (Pipedrive, HubSpot, 1C ...).
    {kD, kDId, "Deal - ID", kGen},
    {kD, kDId, "Record ID", kGen},
    {kD, kDId, "Номер сделки", kGen},
    {kD, kDTitle, "Название сделки", kGen},
    {kD, kDTitle, "Название", kGen},
    {kD, kDTitle, "Deal Name", kGen},
    {kD, kDTitle, "Deal - Title", kGen},
    {kD, kDPipeline, "Pipeline", kGen},
    {kD, kDPipeline, "Deal - Pipeline", kGen},
    {kD, kDStage, "Этап", kGen},
    {kD, kDStage, "Стадия", kGen},
    {kD, kDStage, "Deal Stage", kGen},
    {kD, kDStage, "Deal - Stage", kGen},
    {kD, kDState, "Статус", kGen},
    {kD, kDState, "Состояние", kGen},
    {kD, kDState, "Status", kGen},
    {kD, kDState, "Deal status", kGen},
    {kD, kDState, "Deal - Status", kGen},
    {kD, kDOwner, "Ответственный", kGen},
    {kD, kDOwner, "Менеджер", kGen},
    {kD, kDOwner, "Responsible", kGen},
    {kD, kDOwner, "Responsible user", kGen},
    {kD, kDOwner, "Deal owner", kGen},
    {kD, kDOwner, "Deal - Owner", kGen},
    {kD, kDSource, "Источник", kGen},
    {kD, kDSource, "Канал", kGen},
    {kD, kDSource, "Deal - Source", kGen},
    {kD, kDSource, "Original Source", kGen},
    {kD, kDSegment, "Сегмент", kGen},
    {kD, kDAmount, "Сумма сделки", kGen},
    {kD, kDAmount, "Amount", kGen},
    {kD, kDAmount, "Value", kGen},
    {kD, kDAmount, "Deal - Value", kGen},
    {kD, kDCurrency, "Валюта", kGen},
    {kD, kDCurrency, "Deal - Currency", kGen},
    {kD, kDCreated, "Created", kGen},
    {kD, kDCreated, "Create Date", kGen},
    {kD, kDCreated, "Deal - Deal created", kGen},
    {kD, kDCreated, "Deal - Add time", kGen},
    {kD, kDClosed, "Close Date", kGen},
    {kD, kDClosed, "Deal - Closed on", kGen},
    {kD, kDLossReason, "Причина отказа", kGen},
    {kD, kDLossReason, "Причина проигрыша", kGen},
    {kD, kDLossReason, "Причина провала", kGen},
    {kD, kDLossReason, "Loss reason", kGen},
    {kD, kDLossReason, "Lost reason", kGen},
    {kD, kDLossReason, "Deal - Lost reason", kGen},
    {kD, kDLossReason, "Closed Lost Reason", kGen},

    // ---- stage history (stage_events) ------------------------------------
    // amoCRM / Kommo events list ("Значение до" / "Значение после" of a stage change).
    {kE, kEFrom, "Значение до", kAmo},
    {kE, kETo, "Значение после", kAmo},
    {kE, kEFrom, "Value before", kAmo},
    {kE, kETo, "Value after", kAmo},
    {kE, kEBy, "Автор", kAmo},
    {kE, kEBy, "Author", kAmo},
    // Bitrix24 stage history report.
    {kE, kETo, "Стадия сделки", kBx},
    {kE, kETo, "Новая стадия", kBx},
    {kE, kEFrom, "Предыдущая стадия", kBx},
    {kE, kEFrom, "Старая стадия", kBx},
    {kE, kEAt, "Дата перехода", kBx},
    {kE, kEBy, "Кто изменил", kBx},
    // Any CRM.
    {kE, kEDeal, "ID сделки", kGen},
    {kE, kEDeal, "Номер сделки", kGen},
    {kE, kEDeal, "Сделка", kGen},
    {kE, kEDeal, "Deal ID", kGen},
    {kE, kEDeal, "Deal", kGen},
    {kE, kEDeal, "Lead ID", kGen},
    {kE, kEDeal, "Deal - ID", kGen},
    {kE, kEFrom, "Из стадии", kGen},
    {kE, kEFrom, "Из этапа", kGen},
    {kE, kEFrom, "Предыдущий этап", kGen},
    {kE, kEFrom, "Старый этап", kGen},
    {kE, kEFrom, "Этап до", kGen},
    {kE, kEFrom, "Стадия до", kGen},
    {kE, kEFrom, "From stage", kGen},
    {kE, kEFrom, "Previous stage", kGen},
    {kE, kEFrom, "Old stage", kGen},
    {kE, kEFrom, "Stage from", kGen},
    {kE, kETo, "В стадию", kGen},
    {kE, kETo, "На этап", kGen},
    {kE, kETo, "Новый этап", kGen},
    {kE, kETo, "Этап после", kGen},
    {kE, kETo, "Стадия после", kGen},
    {kE, kETo, "Этап сделки", kGen},
    {kE, kETo, "Этап", kGen},
    {kE, kETo, "Стадия", kGen},
    {kE, kETo, "To stage", kGen},
    {kE, kETo, "New stage", kGen},
    {kE, kETo, "Stage to", kGen},
    {kE, kETo, "Stage", kGen},
    {kE, kEAt, "Дата изменения", kGen},
    {kE, kEAt, "Дата события", kGen},
    {kE, kEAt, "Время перехода", kGen},
    {kE, kEAt, "Дата и время", kGen},
    {kE, kEAt, "Дата", kGen},
    {kE, kEAt, "Date", kGen},
    {kE, kEAt, "Changed at", kGen},
    {kE, kEAt, "Changed on", kGen},
    {kE, kEAt, "Date changed", kGen},
    {kE, kEAt, "Moved at", kGen},
    {kE, kEAt, "Date and time", kGen},
    {kE, kEBy, "Изменил", kGen},
    {kE, kEBy, "Кем изменено", kGen},
    {kE, kEBy, "Пользователь", kGen},
    {kE, kEBy, "Changed by", kGen},
    {kE, kEBy, "Modified by", kGen},
    {kE, kEBy, "Moved by", kGen},
    {kE, kEBy, "User", kGen},

    // ---- tasks -----------------------------------------------------------
    // amoCRM / Kommo tasks list.
    {kT, kTDue, "Срок выполнения", kAmo},
    {kT, kTDue, "Complete till", kAmo},
    {kT, kTType, "Тип задачи", kAmo},
    {kT, kTType, "Task type", kAmo},
    // Bitrix24 tasks list.
    {kT, kTDue, "Крайний срок", kBx},
    {kT, kTDue, "Deadline", kBx},
    {kT, kTCreated, "Дата создания", kBx},
    {kT, kTCompleted, "Дата закрытия", kBx},
    {kT, kTOwner, "Исполнитель", kBx},
    {kT, kTOwner, "Responsible person", kBx},
    {kT, kTCreated, "Created on", kBx},
    {kT, kTCompleted, "Closed on", kBx},
    // Any CRM.
    {kT, kTId, "ID задачи", kGen},
    {kT, kTId, "Номер задачи", kGen},
    {kT, kTId, "Task ID", kGen},
    {kT, kTDeal, "ID сделки", kGen},
    {kT, kTDeal, "Номер сделки", kGen},
    {kT, kTDeal, "Сделка", kGen},
    {kT, kTDeal, "Связанная сделка", kGen},
    {kT, kTDeal, "Deal ID", kGen},
    {kT, kTDeal, "Deal", kGen},
    {kT, kTDeal, "Lead ID", kGen},
    {kT, kTDeal, "Related deal", kGen},
    {kT, kTOwner, "Ответственный", kGen},
    {kT, kTOwner, "Менеджер", kGen},
    {kT, kTOwner, "Responsible", kGen},
    {kT, kTOwner, "Responsible user", kGen},
    {kT, kTOwner, "Assignee", kGen},
    {kT, kTOwner, "Assigned to", kGen},
    {kT, kTOwner, "Owner", kGen},
    {kT, kTCreated, "Создана", kGen},
    {kT, kTCreated, "Дата постановки", kGen},
    {kT, kTCreated, "Created", kGen},
    {kT, kTCreated, "Created at", kGen},
    {kT, kTCreated, "Date created", kGen},
    {kT, kTDue, "Срок", kGen},
    {kT, kTDue, "Выполнить до", kGen},
    {kT, kTDue, "Дата исполнения", kGen},
    {kT, kTDue, "Due date", kGen},
    {kT, kTDue, "Due", kGen},
    {kT, kTDue, "Due at", kGen},
    {kT, kTCompleted, "Дата завершения", kGen},
    {kT, kTCompleted, "Дата выполнения", kGen},
    {kT, kTCompleted, "Завершена", kGen},
    {kT, kTCompleted, "Выполнена", kGen},
    {kT, kTCompleted, "Completed", kGen},
    {kT, kTCompleted, "Completed at", kGen},
    {kT, kTCompleted, "Completion date", kGen},
    {kT, kTCompleted, "Date completed", kGen},
    {kT, kTType, "Тип", kGen},
    {kT, kTType, "Type", kGen},

    // ---- calls and other activities ----------------------------------------
    // Bitrix24 activities ("Дела") and telephony call details.
    {kA, kAAt, "Начало", kBx},
    {kA, kAAt, "Дата начала", kBx},
    {kA, kADirection, "Направление", kBx},
    {kA, kAType, "Тип дела", kBx},
    {kA, kAOwner, "Сотрудник", kBx},
    {kA, kAAt, "Start time", kBx},
    // amoCRM / Kommo calls.
    {kA, kAType, "Тип звонка", kAmo},
    {kA, kAAt, "Дата звонка", kAmo},
    {kA, kAType, "Call type", kAmo},
    {kA, kAAt, "Call date", kAmo},
    // Any CRM.
    {kA, kAId, "ID звонка", kGen},
    {kA, kAId, "ID дела", kGen},
    {kA, kAId, "ID активности", kGen},
    {kA, kAId, "Call ID", kGen},
    {kA, kAId, "Activity ID", kGen},
    {kA, kADeal, "ID сделки", kGen},
    {kA, kADeal, "Номер сделки", kGen},
    {kA, kADeal, "Сделка", kGen},
    {kA, kADeal, "Связанная сделка", kGen},
    {kA, kADeal, "Deal ID", kGen},
    {kA, kADeal, "Deal", kGen},
    {kA, kADeal, "Lead ID", kGen},
    {kA, kADeal, "Related deal", kGen},
    {kA, kAOwner, "Ответственный", kGen},
    {kA, kAOwner, "Менеджер", kGen},
    {kA, kAOwner, "Пользователь", kGen},
    {kA, kAOwner, "Responsible", kGen},
    {kA, kAOwner, "Responsible user", kGen},
    {kA, kAOwner, "Employee", kGen},
    {kA, kAOwner, "User", kGen},
    {kA, kAOwner, "Owner", kGen},
    {kA, kAType, "Тип", kGen},
    {kA, kAType, "Тип активности", kGen},
    {kA, kAType, "Type", kGen},
    {kA, kAType, "Activity type", kGen},
    {kA, kAAt, "Дата", kGen},
    {kA, kAAt, "Дата и время", kGen},
    {kA, kAAt, "Время звонка", kGen},
    {kA, kAAt, "Date", kGen},
    {kA, kAAt, "Date and time", kGen},
    {kA, kAAt, "Started at", kGen},
    {kA, kADuration, "Длительность", kGen},
    {kA, kADuration, "Длительность, сек", kGen},
    {kA, kADuration, "Длительность (сек)", kGen},
    {kA, kADuration, "Продолжительность", kGen},
    {kA, kADuration, "Duration", kGen},
    {kA, kADuration, "Duration, s", kGen},
    {kA, kADuration, "Duration (sec)", kGen},
    {kA, kADuration, "Call duration", kGen},
    {kA, kADirection, "Направление звонка", kGen},
    {kA, kADirection, "Direction", kGen},
    {kA, kADirection, "Call direction", kGen},
};

// Final stages of the CRMs' default pipelines, besides settings.won_stages / lost_stages.
constexpr std::string_view kBuiltinWon[] = {"Успешно реализовано", "Сделка успешна", "Closed won", "Won", "Выиграна"};
constexpr std::string_view kBuiltinLost[] = {"Закрыто и не реализовано", "Сделка провалена", "Анализ причины провала",
                                             "Closed lost", "Lost", "Проиграна"};

// What a closed_at cell says for a deal that is still open (amoCRM: «не закрыта»).
constexpr std::string_view kNotClosed[] = {"не закрыта", "не закрыто", "not closed", "-", "—"};

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

// Activity types: the canonical names, and the words CRM exports of calls
// and activities write (compared case-folded). A word without a direction
// ("Звонок") takes it from the direction column.
enum class Dir : uint8_t { kNone, kIn, kOut };
struct ActivityWord {
  std::string_view name;
  ActivityKind kind;
  Dir dir;
};
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

// A duration cell: seconds (`95`, `95,5`), or a clock `h:mm:ss` / `m:ss`
// (telephony reports). -1 when it is neither.
int64_t duration_seconds(std::string_view text, DecimalMark mark) noexcept {
  if (text.find(':') != std::string_view::npos) {
    int64_t total = 0;
    size_t parts = 0;
    int64_t part = -1;
    for (char ch : text) {
      if (ch >= '0' && ch <= '9') {
        part = (part < 0 ? 0 : part) * 10 + (ch - '0');
        if (part > 1000000) return -1;
      } else if (ch == ':' && part >= 0 && parts < 2) {
        total = total * 60 + part;
        part = -1;
        ++parts;
      } else {
        return -1;
      }
    }
    if (part < 0 || (parts > 0 && part >= 60)) return -1;
    return total * 60 + part;
  }
  double v = 0;
  if (!parse_amount_with(text, mark, v) || !(v >= 0) || v >= 1e9) return -1;
  return static_cast<int64_t>(v + 0.5);
}

// Which canonical column of each table a header cell names, and how.
struct HeaderMatch {
  std::array<int8_t, 4> column{-1, -1, -1, -1};  // per table (kTables order)
  std::array<Origin, 4> origin{};
};

std::vector<HeaderMatch> match_header(const std::vector<std::string>& folded) {
  std::vector<HeaderMatch> out(folded.size());
  std::string alias;
  for (size_t t = 0; t < kTables.size(); ++t) {
    for (size_t c = 0; c < kTables[t].columns.size(); ++c) {
      for (size_t f = 0; f < folded.size(); ++f) {
        if (out[f].column[t] < 0 && folded[f] == kTables[t].columns[c].name) {
          out[f].column[t] = static_cast<int8_t>(c);
          out[f].origin[t] = Origin::kCanonical;
        }
      }
    }
  }
  for (const Alias& a : kAliases) {
    fold_case(a.header, alias);
    const size_t t = static_cast<size_t>(a.table) - 1;
    for (size_t f = 0; f < folded.size(); ++f) {
      if (out[f].column[t] < 0 && folded[f] == alias) {
        out[f].column[t] = static_cast<int8_t>(a.column);
        out[f].origin[t] = a.origin;
      }
    }
  }
  return out;
}

// How well a header names table t: the columns named (each by its first
// header cell) and whether every required one is there.
struct TableScore {
  std::array<int, CanonicalCsvSink::kMaxColumns> field{};  // header cell of each column, -1 = none
  size_t hits = 0;
  bool complete = true;
};

TableScore score_table(const std::vector<HeaderMatch>& matches, size_t t) {
  TableScore s;
  s.field.fill(-1);
  for (size_t f = 0; f < matches.size(); ++f) {
    const int c = matches[f].column[t];
    if (c >= 0 && s.field[static_cast<size_t>(c)] < 0) {
      s.field[static_cast<size_t>(c)] = static_cast<int>(f);  // the first of repeated names wins
      ++s.hits;
    }
  }
  for (size_t c = 0; c < kTables[t].columns.size(); ++c) {
    s.complete = s.complete && (s.field[c] >= 0 || !kTables[t].columns[c].required);
  }
  return s;
}

// The table a header names best: a complete one before any incomplete one,
// then the most columns named, then the order of kTables. -1 below two hits.
int best_table(const std::vector<HeaderMatch>& matches) {
  int best = -1;
  size_t best_score = 0;
  for (size_t t = 0; t < kTables.size(); ++t) {
    const TableScore s = score_table(matches, t);
    if (s.hits < 2) continue;
    const size_t score = (s.complete ? 1000 : 0) + s.hits;
    if (score > best_score) { best_score = score; best = static_cast<int>(t); }
  }
  return best;
}

// Cuts a cell for the preview at a UTF-8 character boundary.
std::string preview_cell(std::string_view s) {
  if (s.size() <= Inspection::kMaxCellBytes) return std::string(s);
  size_t n = Inspection::kMaxCellBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "\u2026";
}

}  // namespace

std::span<const ColumnSpec> table_columns(TableKind kind) noexcept {
  if (kind == TableKind::kUnknown) return {};
  return spec_of(kind).columns;
}

TableKind table_kind_of(std::string_view name) noexcept {
  for (TableKind k : kTableKinds) {
    if (table_kind_name(k) == name) return k;
  }
  return TableKind::kUnknown;
}

std::string_view table_kind_name(TableKind kind) noexcept {
  switch (kind) {
    case TableKind::kDeals: return "deals";
    case TableKind::kStageEvents: return "stage_events";
    case TableKind::kTasks: return "tasks";
    case TableKind::kActivities: return "activities";
    case TableKind::kEvents: return "events";
    case TableKind::kPipelines: return "pipelines";
    case TableKind::kStatuses: return "statuses";
    case TableKind::kUsers: return "users";
    case TableKind::kLossReasons: return "loss_reasons";
    case TableKind::kUnknown: break;
  }
  return "";
}

void add_row_issue(InputSummary& summary, ErrorCode code, uint64_t line, uint64_t byte, uint32_t column,
                   std::string message, bool skipped) {
  if (skipped) ++summary.skipped;
  ++summary.issue_count;
  if (summary.issues.size() < kMaxIssuesKept) {
    summary.issues.push_back(Issue{code, line, byte, column, std::move(message)});
  }
}

std::string_view CanonicalCsvSink::cell(const CsvRecord& r, size_t column) const noexcept {
  const int field = columns_[column];
  if (field < 0 || static_cast<size_t>(field) >= r.fields.size()) return {};
  return trim(r.fields[static_cast<size_t>(field)]);
}

void CanonicalCsvSink::keep_header(const CsvRecord& record) {
  header_fields_ = record.fields.size();
  header_line_ = record.line;
  header_.clear();
  for (size_t f = 0; f < record.fields.size() && f < Inspection::kMaxColumns; ++f) {
    header_.push_back(preview_cell(trim(record.fields[f])));
  }
  folded_.resize(record.fields.size());  // once per file
  for (size_t f = 0; f < record.fields.size(); ++f) folded_[f] = fold_case(trim(record.fields[f]));
}

bool CanonicalCsvSink::read_header(const CsvRecord& record) {
  const std::vector<HeaderMatch> matches = match_header(folded_);
  const int t = best_table(matches);
  if (t < 0) {
    std::string header;
    for (size_t i = 0; i < record.fields.size() && i < 8; ++i) {
      header += (i ? ", " : "") + std::string(record.fields[i].substr(0, 40));
    }
    fatal_ = Issue{ErrorCode::kUnknownTable, record.line, record.byte, 0,
                   fmt::format("the header row ({}) matches none of the tables deals, stage_events, tasks, "
                               "activities", header)};
    return false;
  }
  const TableSpec& best = kTables[static_cast<size_t>(t)];
  const TableScore score = score_table(matches, static_cast<size_t>(t));
  columns_.fill(-1);
  bool amo = false, bitrix = false, generic = false;
  for (size_t c = 0; c < best.columns.size(); ++c) {
    const int f = score.field[c];
    if (f < 0) {
      if (!best.columns[c].required) continue;
      fatal_ = Issue{ErrorCode::kMissingColumn, record.line, record.byte, 0,
                     fmt::format("the {} table needs a column \"{}\"", table_kind_name(best.kind),
                                 best.columns[c].name)};
      return false;
    }
    columns_[c] = f;
    const Origin origin = matches[static_cast<size_t>(f)].origin[static_cast<size_t>(t)];
    amo = amo || origin == Origin::kAmo;
    bitrix = bitrix || origin == Origin::kBitrix;
    generic = generic || origin == Origin::kGeneric;
  }
  kind_ = best.kind;
  bitrix_ = bitrix && !amo;
  ctx_.summary.kind = std::string(table_kind_name(kind_));
  ctx_.summary.format = amo ? "amocrm-csv" : bitrix ? "bitrix24-csv" : generic ? "generic-csv" : "canonical-csv";
  return true;
}

bool CanonicalCsvSink::map_header(const CsvRecord& record) {
  const ColumnMapping& m = *options_.mapping;
  columns_.fill(-1);
  for (const ColumnMapping::Column& col : m.columns) {
    const std::string_view field = spec_of(m.kind).columns[col.field].name;
    int f = -1;
    if (col.index >= 0) {
      if (static_cast<size_t>(col.index) >= record.fields.size()) {
        fatal_ = Issue{ErrorCode::kBadMapping, record.line, record.byte, 0,
                       fmt::format("mapping.columns.{}: column {} is beyond the header's {} columns", field,
                                   col.index, record.fields.size())};
        return false;
      }
      f = static_cast<int>(col.index);
    } else {
      const std::string wanted = fold_case(trim(col.name));
      for (size_t i = 0; i < folded_.size() && f < 0; ++i) {
        if (folded_[i] == wanted) f = static_cast<int>(i);
      }
      if (f < 0) {
        fatal_ = Issue{ErrorCode::kBadMapping, record.line, record.byte, 0,
                       fmt::format("mapping.columns.{}: the header has no column \"{}\"", field,
                                   std::string_view(col.name).substr(0, 60))};
        return false;
      }
    }
    columns_[col.field] = f;
  }
  kind_ = m.kind;
  date_order_ = m.date_format;
  decimal_ = m.decimal;
  ctx_.summary.kind = std::string(table_kind_name(kind_));
  ctx_.summary.format = "mapped-csv";
  return true;
}

bool CanonicalCsvSink::on_record(const CsvRecord& r) {
  if (!header_done_) {
    header_done_ = true;
    keep_header(r);
    const bool ok = options_.mapping && !options_.inspect ? map_header(r) : read_header(r);
    // An inspect read, or a header that failed, goes on to the preview rows.
    collecting_ = options_.inspect || !ok;
    if (collecting_) return options_.preview_rows > 0;
    return ok;
  }
  if (collecting_) {
    std::vector<std::string>& row = preview_.emplace_back();
    for (size_t f = 0; f < r.fields.size() && f < Inspection::kMaxColumns; ++f) {
      row.push_back(preview_cell(r.fields[f]));
    }
    return preview_.size() < options_.preview_rows;
  }
  if (r.fields.size() != header_fields_) {
    // Trailing empty fields beyond the header (a trailing delimiter) are harmless.
    bool only_empty_extra = r.fields.size() > header_fields_;
    for (size_t i = header_fields_; only_empty_extra && i < r.fields.size(); ++i) {
      only_empty_extra = trim(r.fields[i]).empty();
    }
    if (!only_empty_extra) {
      ctx_.row_issue(ErrorCode::kRaggedRow, r.line, r.byte, 0,
                     fmt::format("{} {} has {} fields, the header has {}", ctx_.line_word, r.line, r.fields.size(),
                                 header_fields_),
                     true);
      return true;
    }
  }
  switch (kind_) {
    case TableKind::kDeals: read_deal(r); break;
    case TableKind::kStageEvents: read_stage_event(r); break;
    case TableKind::kTasks: read_task(r); break;
    case TableKind::kActivities: read_activity(r); break;
    default: break;  // the CSV tables are the four above
  }
  return true;
}

namespace {
// What the preview cells of a column look like (docs/formats.md "Columns and guesses").
std::string_view values_kind(const std::vector<std::vector<std::string>>& rows, size_t column) {
  size_t filled = 0, dates = 0, numbers = 0, states = 0, types = 0;
  std::string folded, state_scratch;
  for (const std::vector<std::string>& row : rows) {
    if (column >= row.size()) continue;
    const std::string_view text = trim(row[column]);
    if (text.empty()) continue;
    ++filled;
    fold_case(text, folded);
    bool not_closed = false;
    for (std::string_view n : kNotClosed) not_closed = not_closed || folded == n;
    ParsedTime t;
    double v = 0;
    DealState st{};
    if (not_closed || parse_timestamp(text, t)) ++dates;
    if (parse_amount(text, v)) ++numbers;
    if (parse_state(folded, st, state_scratch)) ++states;
    if (activity_word(folded) != nullptr) ++types;
  }
  if (filled == 0) return "empty";
  if (dates == filled) return "date";
  if (types == filled) return "activity_type";
  if (states == filled) return "state";
  if (numbers == filled) return "number";
  return "text";
}

// Fields a column of each kind of values may hold, per table, in the order
// they are given out (the required field first where it matters).
std::span<const size_t> sniffed_fields(TableKind table, std::string_view values) {
  static constexpr size_t kDealDates[] = {kDCreated, kDClosed};
  static constexpr size_t kDealNumbers[] = {kDAmount};
  static constexpr size_t kDealStates[] = {kDState};
  static constexpr size_t kEventDates[] = {kEAt};
  static constexpr size_t kTaskDates[] = {kTDue, kTCreated, kTCompleted};
  static constexpr size_t kActivityDates[] = {kAAt};
  static constexpr size_t kActivityNumbers[] = {kADuration};
  static constexpr size_t kActivityTypes[] = {kAType};
  switch (table) {
    case TableKind::kDeals:
      if (values == "date") return kDealDates;
      if (values == "number") return kDealNumbers;
      if (values == "state") return kDealStates;
      break;
    case TableKind::kStageEvents:
      if (values == "date") return kEventDates;
      break;
    case TableKind::kTasks:
      if (values == "date") return kTaskDates;
      break;
    case TableKind::kActivities:
      if (values == "date") return kActivityDates;
      if (values == "number") return kActivityNumbers;
      if (values == "activity_type") return kActivityTypes;
      break;
    case TableKind::kUnknown:
    case TableKind::kEvents:  // the kinds below are JSON dumps' reference files, not tables a CSV maps to
    case TableKind::kPipelines:
    case TableKind::kStatuses:
    case TableKind::kUsers:
    case TableKind::kLossReasons: break;
  }
  return {};
}
}  // namespace

Inspection CanonicalCsvSink::inspection() const {
  Inspection in;
  for (TableKind k : kTableKinds) {
    TableFields& t = in.tables.emplace_back();
    t.kind = std::string(table_kind_name(k));
    for (const ColumnSpec& c : spec_of(k).columns) {
      t.fields.emplace_back(c.name);
      if (c.required) t.required.emplace_back(c.name);
    }
  }
  if (!header_done_) return in;
  in.header_line = header_line_;
  in.header_columns = header_fields_;
  in.preview = preview_;
  const size_t n = header_.size();
  in.signature.assign(folded_.begin(), folded_.begin() + static_cast<std::ptrdiff_t>(n));
  std::vector<std::string_view> values(n);
  for (size_t f = 0; f < n; ++f) values[f] = values_kind(preview_, f);

  // The table: the mapping's, else the header's best (complete or not), else the values'.
  const std::vector<HeaderMatch> matches = match_header(folded_);
  TableKind kind = TableKind::kUnknown;
  if (options_.mapping) {
    kind = options_.mapping->kind;
    in.kind_by = "mapping";
  } else if (const int t = best_table(matches); t >= 0) {
    kind = kTables[static_cast<size_t>(t)].kind;
    in.kind_by = "header";
  } else {
    bool types = false, states = false, dates = false, numbers = false;
    for (std::string_view v : values) {
      types = types || v == "activity_type";
      states = states || v == "state";
      dates = dates || v == "date";
      numbers = numbers || v == "number";
    }
    kind = types ? TableKind::kActivities : states || (dates && numbers) ? TableKind::kDeals : TableKind::kUnknown;
    if (kind != TableKind::kUnknown) in.kind_by = "values";
  }
  in.kind = std::string(table_kind_name(kind));

  in.columns.resize(n);
  for (size_t f = 0; f < n; ++f) {
    in.columns[f].name = header_[f];
    in.columns[f].values = std::string(values[f]);
  }
  if (kind == TableKind::kUnknown) return in;
  const size_t t = static_cast<size_t>(kind) - 1;
  const std::span<const ColumnSpec> spec = kTables[t].columns;
  std::array<bool, kMaxColumns> taken{};
  // A mapping's columns first, then the header's names, then the values.
  if (options_.mapping) {
    for (const ColumnMapping::Column& col : options_.mapping->columns) {
      int f = -1;
      if (col.index >= 0) f = col.index < static_cast<int64_t>(n) ? static_cast<int>(col.index) : -1;
      const std::string wanted = col.index < 0 ? fold_case(trim(col.name)) : std::string();
      for (size_t i = 0; col.index < 0 && i < n && f < 0; ++i) f = folded_[i] == wanted ? static_cast<int>(i) : -1;
      if (f < 0 || !in.columns[static_cast<size_t>(f)].field.empty()) continue;
      in.columns[static_cast<size_t>(f)].field = std::string(spec[col.field].name);
      in.columns[static_cast<size_t>(f)].by = "mapping";
      taken[col.field] = true;
    }
  }
  for (size_t f = 0; f < n; ++f) {
    const int c = matches[f].column[t];
    if (c < 0 || taken[static_cast<size_t>(c)] || !in.columns[f].field.empty()) continue;
    taken[static_cast<size_t>(c)] = true;
    in.columns[f].field = std::string(spec[static_cast<size_t>(c)].name);
    in.columns[f].by = matches[f].origin[t] == Origin::kCanonical ? "canonical" : "alias";
  }
  for (size_t f = 0; f < n; ++f) {
    if (!in.columns[f].field.empty()) continue;
    for (size_t c : sniffed_fields(kind, values[f])) {
      if (taken[c]) continue;
      taken[c] = true;
      in.columns[f].field = std::string(spec[c].name);
      in.columns[f].by = "values";
      break;
    }
  }
  for (size_t c = 0; c < spec.size(); ++c) {
    if (spec[c].required && !taken[c]) in.missing.emplace_back(spec[c].name);
  }
  return in;
}

bool CanonicalCsvSink::time_cell(const CsvRecord& r, size_t column, bool required, Instant& out) {
  const std::string_view text = cell(r, column);
  const std::string_view name = kTables[static_cast<size_t>(kind_) - 1].columns[column].name;
  const auto field = static_cast<uint32_t>(columns_[column] + 1);
  if (text.empty()) {
    out = kNoTime;
    if (!required) return true;
    ctx_.row_issue(ErrorCode::kMissingValue, r.line, r.byte, field,
                   fmt::format("{} {}: \"{}\" is empty", ctx_.line_word, r.line, name), true);
    return false;
  }
  if (!parse_instant_in(text, date_order_, ctx_.settings.tz, out)) {
    out = kNoTime;
    ctx_.row_issue(ErrorCode::kBadTimestamp, r.line, r.byte, field,
                   fmt::format("{} {}: \"{}\" is not a date/time: \"{}\"", ctx_.line_word, r.line, name, text.substr(0, 40)),
                   required);
    return !required;
  }
  return true;
}

namespace {
// Reports the first empty required cell of a row, if any.
template <size_t N>
bool required_present(const std::array<ColumnSpec, N>& spec, std::initializer_list<size_t> cols,
                      const std::array<int, CanonicalCsvSink::kMaxColumns>& map, const CsvRecord& r,
                      IngestContext& ctx) {
  for (size_t c : cols) {
    const int f = map[c];
    if (f < 0 || trim(r.fields[static_cast<size_t>(f)]).empty()) {
      ctx.row_issue(ErrorCode::kMissingValue, r.line, r.byte, static_cast<uint32_t>(f + 1),
                    fmt::format("{} {}: \"{}\" is empty", ctx.line_word, r.line, spec[c].name), true);
      return false;
    }
  }
  return true;
}
}  // namespace

bool CanonicalCsvSink::says_not_closed(std::string_view text) const {
  // A date starts with a digit: only words are folded, so real dates cost nothing here.
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  const std::string folded = fold_case(text);
  for (std::string_view n : kNotClosed) {
    if (folded == n) return true;
  }
  return false;
}

DealState CanonicalCsvSink::state_of_stage(StrId stage) {
  if (stage >= stage_state_.size()) stage_state_.resize(ctx_.data.strings.size() + 64, -1);
  int8_t& known = stage_state_[stage];
  if (known < 0) {  // once per distinct stage name
    const std::string name = fold_case(ctx_.data.strings.view(stage));
    auto listed = [&](auto const& names) {
      for (const auto& n : names) {
        if (fold_case(n) == name) return true;
      }
      return false;
    };
    known = listed(ctx_.settings.won_stages) || listed(kBuiltinWon)     ? 1
            : listed(ctx_.settings.lost_stages) || listed(kBuiltinLost) ? 2
                                                                         : 0;
  }
  return static_cast<DealState>(known);
}

void CanonicalCsvSink::read_deal(const CsvRecord& r) {
  if (!required_present(kDealColumns, {kDId, kDStage, kDOwner}, columns_, r, ctx_)) return;
  DealState state{};
  if (cell(r, kDState).empty()) {
    state = state_of_stage(ctx_.data.strings.intern(cell(r, kDStage)));  // no state column: from the stage
  } else if (!parse_state(cell(r, kDState), state, folded_cell_)) {
    ctx_.row_issue(ErrorCode::kBadState, r.line, r.byte, static_cast<uint32_t>(columns_[kDState] + 1),
                   fmt::format("{} {}: state \"{}\" is not open, won or lost", ctx_.line_word, r.line,
                               cell(r, kDState).substr(0, 40)),
                   true);
    return;
  }
  Instant created = kNoTime, closed = kNoTime;
  if (!time_cell(r, kDCreated, true, created)) return;
  if (!says_not_closed(cell(r, kDClosed))) time_cell(r, kDClosed, false, closed);
  double amount = kNull;
  if (const std::string_view a = cell(r, kDAmount); !a.empty() && !parse_amount_with(a, decimal_, amount)) {
    amount = kNull;
    ctx_.row_issue(ErrorCode::kBadNumber, r.line, r.byte, static_cast<uint32_t>(columns_[kDAmount] + 1),
                   fmt::format("{} {}: amount \"{}\" is not a number", ctx_.line_word, r.line, a.substr(0, 40)), false);
  }
  StringPool& s = ctx_.data.strings;
  DealTable& d = ctx_.data.deals;
  const StrId id = ctx_.data.ids.intern(cell(r, kDId));
  if (bitrix_) {
    // Bitrix24 writes one row per product: the deal repeats and its amount
    // cell holds that product's sum. The deal is the first row; the sums add up.
    if (id >= row_of_id_.size()) row_of_id_.resize(ctx_.data.ids.size() + 1024, 0);
    if (const uint32_t first = row_of_id_[id]; first != 0) {
      double& total = d.amount[first - 1];
      if (!std::isnan(amount)) total = std::isnan(total) ? amount : total + amount;
      ++ctx_.summary.rows;
      return;
    }
    row_of_id_[id] = static_cast<uint32_t>(d.size() + 1);
  }
  d.id.push_back(id);
  d.title.push_back(cell(r, kDTitle));
  d.pipeline.push_back(s.intern(cell(r, kDPipeline)));
  d.stage.push_back(s.intern(cell(r, kDStage)));
  d.owner.push_back(s.intern(cell(r, kDOwner)));
  d.source.push_back(s.intern(cell(r, kDSource)));
  d.segment.push_back(s.intern(cell(r, kDSegment)));
  d.currency.push_back(s.intern(cell(r, kDCurrency)));
  d.loss_reason.push_back(s.intern(cell(r, kDLossReason)));
  d.state.push_back(state);
  d.amount.push_back(amount);
  d.created_at.push_back(created);
  d.closed_at.push_back(closed);
  d.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_stage_event(const CsvRecord& r) {
  if (!required_present(kStageEventColumns, {kEDeal, kETo}, columns_, r, ctx_)) return;
  Instant at = kNoTime;
  if (!time_cell(r, kEAt, true, at)) return;
  StringPool& s = ctx_.data.strings;
  StageEventTable& e = ctx_.data.stage_events;
  e.deal_id.push_back(ctx_.data.ids.intern(cell(r, kEDeal)));
  e.from_stage.push_back(s.intern(cell(r, kEFrom)));
  e.to_stage.push_back(s.intern(cell(r, kETo)));
  e.by.push_back(s.intern(cell(r, kEBy)));
  e.at.push_back(at);
  e.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_task(const CsvRecord& r) {
  if (!required_present(kTaskColumns, {kTId, kTOwner}, columns_, r, ctx_)) return;
  Instant created = kNoTime, due = kNoTime, completed = kNoTime;
  time_cell(r, kTCreated, false, created);
  time_cell(r, kTDue, false, due);  // a task without a due date is kept (spec: neither step nor overdue)
  time_cell(r, kTCompleted, false, completed);
  StringPool& s = ctx_.data.strings;
  TaskTable& t = ctx_.data.tasks;
  t.id.push_back(cell(r, kTId));
  t.deal_id.push_back(ctx_.data.ids.intern(cell(r, kTDeal)));
  t.owner.push_back(s.intern(cell(r, kTOwner)));
  t.type.push_back(s.intern(cell(r, kTType)));
  t.created_at.push_back(created);
  t.due_at.push_back(due);
  t.completed_at.push_back(completed);
  t.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

void CanonicalCsvSink::read_activity(const CsvRecord& r) {
  if (!required_present(kActivityColumns, {kADeal, kAType}, columns_, r, ctx_)) return;
  fold_case(cell(r, kAType), folded_cell_);
  const ActivityWord* word = activity_word(folded_cell_);
  if (word == nullptr) {
    ctx_.row_issue(ErrorCode::kBadValue, r.line, r.byte, static_cast<uint32_t>(columns_[kAType] + 1),
                   fmt::format("{} {}: activity type \"{}\" is not one of call_in, call_out, email_in, "
                               "email_out, meeting, message_in, message_out (or a call, e-mail, meeting "
                               "or message word)",
                               ctx_.line_word, r.line, cell(r, kAType).substr(0, 40)),
                   true);
    return;
  }
  // The type's own direction wins; else the direction column; else outgoing
  // (what a manager logs by hand is mostly outgoing; docs/formats.md).
  Dir dir = word->dir;
  if (dir == Dir::kNone) {
    if (const std::string_view text = cell(r, kADirection); !text.empty()) {
      fold_case(text, folded_cell_);
      dir = direction_word(folded_cell_);
      if (dir == Dir::kNone) {
        ctx_.row_issue(ErrorCode::kBadValue, r.line, r.byte, static_cast<uint32_t>(columns_[kADirection] + 1),
                       fmt::format("{} {}: direction \"{}\" is neither incoming nor outgoing", ctx_.line_word, r.line,
                                   text.substr(0, 40)),
                       true);
        return;
      }
    }
  }
  const ActivityKind kind = word->kind;
  Instant at = kNoTime;
  if (!time_cell(r, kAAt, true, at)) return;
  int32_t duration = -1;
  if (const std::string_view text = cell(r, kADuration); !text.empty()) {
    const int64_t seconds = duration_seconds(text, decimal_);
    if (seconds >= 0 && seconds < 1000000000) {
      duration = static_cast<int32_t>(seconds);
    } else {
      ctx_.row_issue(ErrorCode::kBadNumber, r.line, r.byte, static_cast<uint32_t>(columns_[kADuration] + 1),
                     fmt::format("{} {}: duration_s \"{}\" is not a number of seconds", ctx_.line_word, r.line,
                                 text.substr(0, 40)),
                     false);
    }
  }
  StringPool& s = ctx_.data.strings;
  ActivityTable& a = ctx_.data.activities;
  a.id.push_back(cell(r, kAId));
  a.deal_id.push_back(ctx_.data.ids.intern(cell(r, kADeal)));
  a.owner.push_back(s.intern(cell(r, kAOwner)));
  a.kind.push_back(kind);
  a.direction.push_back(dir == Dir::kIn ? Direction::kIn : Direction::kOut);
  a.at.push_back(at);
  a.duration_s.push_back(duration);
  a.file.push_back(ctx_.file);
  ++ctx_.summary.rows;
}

}  // namespace kpi
