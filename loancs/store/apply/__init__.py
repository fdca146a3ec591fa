"""Applying commands: one module per aggregate, one function per command.

``APPLY`` maps each command type (store/commands.py) to the function that changes the
projection tables and appends the events, inside the writer's transaction. An apply
function raises OpError when the command does not fit the current state (the writer then
undoes only that command). The table is written out here, not filled by decorators, so
what runs for a command is one lookup away (tests check every command has an entry).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from loancs.store import commands as c
from loancs.store.apply import (
    accounts,
    agents,
    applications,
    assistant,
    calls,
    conversations,
    csat,
    customers,
    loans,
    maintenance,
    privacy,
)
from loancs.store.tx import Tx

APPLY: dict[type[c.Command], Callable[[Tx, Any], Any]] = {
    # channels
    c.IngestMessage: conversations.ingest_message,
    c.RecordCall: calls.record_call,
    c.RecordDelivery: conversations.record_delivery,
    c.ChangeStage: applications.change_stage,
    c.PushLoan: loans.push_loan,
    # customers
    c.LinkIdentity: customers.link_identity,
    c.BindWechat: customers.bind_wechat,
    c.VerifyIdentity: customers.verify_identity,
    c.Reveal: customers.reveal,
    c.ForgetKeys: customers.forget_keys,
    # conversations
    c.AgentReply: conversations.agent_reply,
    c.RecordBlockedReply: conversations.record_blocked_reply,
    c.AddNote: conversations.add_note,
    c.ScheduleCallback: conversations.schedule_callback,
    c.SetStatus: conversations.set_status,
    c.Assign: conversations.assign,
    c.SetPriority: conversations.set_priority,
    c.MarkRead: conversations.mark_read,
    c.RecordEvent: conversations.record_event,
    c.RecordOffer: conversations.record_offer,
    # agents and channels
    c.SetAgentState: agents.set_agent_state,
    c.CreateAgent: accounts.create_agent,
    c.DisableAgent: accounts.disable_agent,
    c.CreateChannel: accounts.create_channel,
    c.IssueChannelToken: accounts.issue_channel_token,
    c.DisableChannel: accounts.disable_channel,
    # privacy
    c.EraseCustomer: privacy.erase_customer,
    c.SetLegalHold: privacy.set_legal_hold,
    # CSAT
    c.RequestCsat: csat.request_csat,
    c.AnswerCsat: csat.answer_csat,
    # the assistant
    c.RecordIntent: assistant.record_intent,
    c.AssistantReply: assistant.assistant_reply,
    c.AssistantHandoff: assistant.assistant_handoff,
    c.RecordPrequal: assistant.record_prequal,
    # maintenance
    c.ProbeStorage: maintenance.probe_storage,
    c.Pragma: maintenance.pragma,
    c.RollupReports: maintenance.rollup_reports,
}


def apply(tx: Tx, command: c.Command) -> Any:
    """Run one command inside the writer's transaction; its result is the ack's body."""
    try:
        handler = APPLY[type(command)]
    except KeyError:
        raise TypeError(f"{type(command).__name__} is not a store command") from None
    return handler(tx, command)
