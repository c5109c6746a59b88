#include "web/case_words.h"

namespace haven::web {

std::string_view status_msgid(domain::CaseStatus status) {
  switch (status) {
    case domain::CaseStatus::New:
      return "New";
    case domain::CaseStatus::Open:
      return "Open";
    case domain::CaseStatus::WaitingForPerson:
      return "Waiting for the person";
    case domain::CaseStatus::WaitingForAuthority:
      return "Waiting for an authority";
    case domain::CaseStatus::Referred:
      return "Referred";
    case domain::CaseStatus::Closed:
      return "Closed";
  }
  return "Open";
}

std::string_view channel_msgid(domain::Channel channel) {
  switch (channel) {
    case domain::Channel::Hotline:
      return "Hotline";
    case domain::Channel::Email:
      return "Email";
    case domain::Channel::Web:
      return "Website";
    case domain::Channel::Messenger:
      return "Messenger";
    case domain::Channel::InPerson:
      return "In person";
  }
  return "Hotline";
}

std::string_view topic_msgid(domain::Topic topic) {
  switch (topic) {
    case domain::Topic::AvoidingConscription:
      return "Avoiding conscription";
    case domain::Topic::ConscientiousObjection:
      return "Conscientious objection, alternative service";
    case domain::Topic::Desertion:
      return "Desertion";
    case domain::Topic::Asylum:
      return "Asylum";
    case domain::Topic::ExtraditionOrDeportation:
      return "Extradition or deportation risk";
    case domain::Topic::LegalDefence:
      return "Legal defence";
    case domain::Topic::MaterialNeed:
      return "Material need";
    case domain::Topic::PsychologicalSupport:
      return "Psychological support";
  }
  return "Asylum";
}

std::string_view urgency_msgid(domain::Urgency urgency) {
  switch (urgency) {
    case domain::Urgency::Detained:
      return "Detained";
    case domain::Urgency::ExtraditionRisk:
      return "Extradition risk";
    case domain::Urgency::SummonsReceived:
      return "Summons received";
    case domain::Urgency::DeploymentImminent:
      return "Deployment imminent";
    case domain::Urgency::InHiding:
      return "In hiding";
    case domain::Urgency::Minor:
      return "Minor (under 18)";
  }
  return "Detained";
}

std::string_view origin_msgid(domain::Origin origin) {
  switch (origin) {
    case domain::Origin::Russia:
      return "Russia";
    case domain::Origin::Belarus:
      return "Belarus";
    case domain::Origin::Ukraine:
      return "Ukraine";
    case domain::Origin::Other:
      return "Another country";
    case domain::Origin::Unknown:
      return "Not known";
  }
  return "Not known";
}

std::string_view entry_kind_msgid(domain::EntryKind kind) {
  switch (kind) {
    case domain::EntryKind::Note:
      return "Note";
    case domain::EntryKind::Call:
      return "Call";
    case domain::EntryKind::MessageIn:
      return "Message from the person";
    case domain::EntryKind::MessageOut:
      return "Message to the person";
    case domain::EntryKind::Document:
      return "Document";
    case domain::EntryKind::StatusChange:
      return "Status change";
    case domain::EntryKind::Assignment:
      return "Assignment";
  }
  return "Note";
}

std::string_view outcome_msgid(domain::Outcome outcome) {
  switch (outcome) {
    case domain::Outcome::Resolved:
      return "Resolved";
    case domain::Outcome::ReferredElsewhere:
      return "Referred elsewhere";
    case domain::Outcome::ContactLost:
      return "Contact lost";
    case domain::Outcome::PersonWithdrew:
      return "The person withdrew";
    case domain::Outcome::OutOfScope:
      return "Out of scope";
    case domain::Outcome::Duplicate:
      return "Duplicate";
  }
  return "Resolved";
}

kainjow::mustache::list language_choices(domain::Language selected) {
  kainjow::mustache::list options;
  for (domain::Language language : domain::kLanguages) {
    kainjow::mustache::object option;
    option["value"] = std::string(domain::code(language));
    option["name"] = std::string(domain::native_name(language));
    option["selected"] = language == selected;
    options.emplace_back(std::move(option));
  }
  return options;
}

}  // namespace haven::web
