import { LIMITS } from "../../shared/domain/limits.ts";
import { type Capability, can } from "../../shared/domain/roles.ts";
import { normaliseText } from "../../shared/domain/text.ts";
import type { ClientMessageType, ParsedMessage } from "../../shared/protocol/messages.ts";
import { isClientMessageType } from "../../shared/protocol/staffMessages.ts";
import { onChat } from "./handlers/chat.ts";
import type { SpaceContext } from "./handlers/context.ts";
import { onKnockReply } from "./handlers/counselling.ts";
import { onAnswer, onEndLesson, onLowerHands, onNextHand, onQuestion, onSit, onStand, onStartLesson } from "./handlers/lesson.ts";
import { onMove } from "./handlers/move.ts";
import { onPinAsk, onUnpin, pinAnswered } from "./handlers/pin.ts";
import { consentReply } from "./handlers/consent.ts";
import { exhibitAnswered, onExhibitAsk } from "./handlers/exhibit.ts";
import { onClearMarks, onHideDeck, onLookHere, onMark, onShowDeck, onTurnPage } from "./handlers/deck.ts";
import { onAnswerPoll, onClosePoll, onStartPoll } from "./handlers/polls.ts";
import { onStudyEnd, onStudyGoal, onStudySite } from "./handlers/study.ts";
import { onAskToTalk, onEmote, onHand, onHelp, onReport, onStatus } from "./handlers/presence.ts";
import { onAnnounce, onAnswerHelp, onBlock, onCloseSpace, onEmcee, onGreet, onInvite, onLockCounselling, onMute, onReadReport, onRemove, onRemoveLine, onWelcomeSession } from "./handlers/staff.ts";
import { onEndTables, onSpeakToTables, onStartTables, onTableBoard, onVisitTable } from "./handlers/tables.ts";
import { onEndTurn, onLessonVoice, onScreenSaver, onScreenShare, onSignal, onSpotEnd, onSpotLock, onTalkJoin, onTalkLeave, onTalkMic, onVoiceMute, onVoiceOffer, onVoiceOfferReply } from "./handlers/voice.ts";
import { onLookingAt } from "./handlers/looking.ts";
import { onCheckIn } from "./handlers/checkIn.ts";
import { parseMessage } from "./parseMessage.ts";
import { CLOSE, type Member, type SpaceClient, isMember } from "./participants.ts";

/** A handler answers at once, or (when it must ask the store) with a promise whose failure the room reports. */
type Handler<T extends ClientMessageType> = (ctx: SpaceContext, client: Member, msg: ParsedMessage<T>) => void | Promise<void>;

/** Every message type: the capability it needs and the function that handles it. */
const ROUTES: { [T in ClientMessageType]: { needs: Capability; handle: Handler<T> } } = {
  move: { needs: "move", handle: onMove },
  chat: { needs: "chat", handle: onChat },
  status: { needs: "setStatus", handle: onStatus },
  emote: { needs: "emote", handle: onEmote },
  hand: { needs: "emote", handle: onHand },
  help: { needs: "requestHelp", handle: onHelp },
  askToTalk: { needs: "askToTalk", handle: onAskToTalk },
  knockReply: { needs: "answerKnock", handle: onKnockReply },
  report: { needs: "report", handle: onReport },
  greet: { needs: "greet", handle: onGreet },
  invite: { needs: "invite", handle: onInvite },
  lockCounselling: { needs: "lockCounselling", handle: onLockCounselling },
  welcomeSession: { needs: "openSpace", handle: onWelcomeSession },
  lookingAt: { needs: "seeConsole", handle: onLookingAt },
  announce: { needs: "announce", handle: onAnnounce },
  emcee: { needs: "emcee", handle: onEmcee },
  mute: { needs: "mute", handle: onMute },
  // Whoever may pause a child's chat may take one of their lines down.
  removeLine: { needs: "mute", handle: onRemoveLine },
  remove: { needs: "remove", handle: onRemove },
  block: { needs: "block", handle: onBlock },
  answerHelp: { needs: "answerHelp", handle: onAnswerHelp },
  readReport: { needs: "answerHelp", handle: onReadReport },
  closeSpace: { needs: "closeSpace", handle: onCloseSpace },
  sit: { needs: "takeSeat", handle: onSit },
  stand: { needs: "takeSeat", handle: onStand },
  question: { needs: "askQuestion", handle: onQuestion },
  startLesson: { needs: "runLesson", handle: onStartLesson },
  endLesson: { needs: "runLesson", handle: onEndLesson },
  nextHand: { needs: "runLesson", handle: onNextHand },
  lowerHands: { needs: "runLesson", handle: onLowerHands },
  answer: { needs: "runLesson", handle: onAnswer },
  showDeck: { needs: "showDeck", handle: onShowDeck },
  turnPage: { needs: "showDeck", handle: onTurnPage },
  hideDeck: { needs: "showDeck", handle: onHideDeck },
  lookHere: { needs: "showDeck", handle: onLookHere },
  mark: { needs: "showDeck", handle: onMark },
  clearMarks: { needs: "showDeck", handle: onClearMarks },
  pinAsk: { needs: "showDeck", handle: onPinAsk },
  consentReply: { needs: "answerConsent", handle: consentReply({ pin: pinAnswered, exhibit: exhibitAnswered }) },
  exhibitAsk: { needs: "exhibitWork", handle: onExhibitAsk },
  // Group tables: the lesson's teacher splits and ends them, visits one, speaks to all; a table's
  // board is written as its chat is (muted and filtered alike), by whoever is at the table.
  startTables: { needs: "runLesson", handle: onStartTables },
  endTables: { needs: "runLesson", handle: onEndTables },
  visitTable: { needs: "runLesson", handle: onVisitTable },
  speakToTables: { needs: "runLesson", handle: onSpeakToTables },
  tableBoard: { needs: "chat", handle: onTableBoard },
  unpin: { needs: "unpin", handle: onUnpin },
  startPoll: { needs: "runLesson", handle: onStartPoll },
  closePoll: { needs: "runLesson", handle: onClosePoll },
  answerPoll: { needs: "answerPoll", handle: onAnswerPoll },
  studyGoal: { needs: "selfStudy", handle: onStudyGoal },
  studySite: { needs: "selfStudy", handle: onStudySite },
  studyEnd: { needs: "selfStudy", handle: onStudyEnd },
  // Voice (docs/voice.md): everyone present joins a talk and signals their links; staff run it.
  talkJoin: { needs: "talk", handle: onTalkJoin },
  talkLeave: { needs: "talk", handle: onTalkLeave },
  talkMic: { needs: "talk", handle: onTalkMic },
  signal: { needs: "talk", handle: onSignal },
  voiceOfferReply: { needs: "talk", handle: onVoiceOfferReply },
  voiceOffer: { needs: "runVoice", handle: onVoiceOffer },
  voiceMute: { needs: "runVoice", handle: onVoiceMute },
  spotEnd: { needs: "runVoice", handle: onSpotEnd },
  spotLock: { needs: "runVoice", handle: onSpotLock },
  lessonVoice: { needs: "runVoice", handle: onLessonVoice },
  endTurn: { needs: "runVoice", handle: onEndTurn },
  screenShare: { needs: "runVoice", handle: onScreenShare },
  screenSaver: { needs: "talk", handle: onScreenSaver },
  checkIn: { needs: "checkIn", handle: onCheckIn },
};

/**
 * The one entrance for client messages. Colyseus would kick a client for an unknown type or a
 * failed schema; here each is answered with an error the UI can show, and nothing changes.
 * A message the sender's role may not send is refused and audited.
 */
export function dispatch(ctx: SpaceContext, client: SpaceClient, type: string | number, payload: unknown): void | Promise<void> {
  if (!isMember(client)) return; // still joining: nothing to act for yet
  if (client.userData.dismissed) return; // on the way out (removed, blocked, a flood): nothing more is acted on
  const verdict = client.userData.limiter.take(isClientMessageType(type) ? type : "other", ctx.now());
  if (verdict !== "ok") {
    ctx.sendError(client, { code: "rate_limited", about: String(type).slice(0, 40) });
    if (verdict === "abusive") {
      ctx.audit(client, "flood", null, { type: String(type).slice(0, 40) }, "denied");
      // At once: no notice to wait for (the close code says why), and a flood left running would
      // reach Colyseus's own limit (maxMessagesPerSecond), which closes with a code the page cannot explain.
      ctx.dismiss(client, CLOSE.tooManyMessages, 0);
    }
    return;
  }
  if (!isClientMessageType(type)) {
    ctx.sendError(client, { code: "unknown_message", about: String(type).slice(0, 40) });
    return;
  }
  const route = ROUTES[type];
  // A student staff made the MC may announce: the right is theirs only while the avatar says so.
  const emcee = type === "announce" && ctx.state.avatars.get(client.sessionId)?.emcee === true;
  if (!can(client.userData.identity.role, route.needs) && !emcee) {
    ctx.sendError(client, { code: "not_allowed", about: type });
    ctx.audit(client, type, null, {}, "denied");
    return;
  }
  const parsed = parseMessage(type, payload);
  if (!parsed.success) {
    const text = (payload as { text?: unknown } | null)?.text;
    const emptyText = type === "chat" && typeof text === "string" && normaliseText(text, LIMITS.chatMaxChars) === "";
    ctx.sendError(client, { code: emptyText ? "empty_text" : "invalid_message", about: type, detail: parsed.error.issues[0]?.message });
    // Malformed signalling is never forwarded, and is on record: a page does not write it by mistake.
    if (type === "signal") ctx.audit(client, type, null, {}, "denied");
    return;
  }
  // The table above pairs each type with its own handler; TypeScript cannot see through the index.
  return (route.handle as Handler<typeof type>)(ctx, client, parsed.data as ParsedMessage<typeof type>);
}
