import type { Lang } from "../../i18n/index.ts";

/**
 * The audit log's actions in words, for the admin who reads it (the server records codes). An
 * action not listed here is shown as its code, so a new one is never hidden.
 */
const ja: Record<string, string> = {
  setup: "はじめの 設定",
  create_org: "団体と 最初の 管理者を 作成",
  sign_in: "サインイン",
  open_space: "スペースを ひらいた",
  register_student: "子どもを 登録",
  reissue_code: "あいことばを 再発行",
  revoke_code: "あいことばを 取り消し",
  record_consent: "研究への 同意を 記録",
  add_staff: "スタッフを 追加",
  create_study: "研究を 作成",
  edit_words: "NGワードを 編集",
  purge: "古い 記録を 削除",
  export: "データを 書き出し",
  set_board: "こくばんに 表示",
  clear_board: "こくばんを 消した",
  close_space: "スペースを 閉じた",
  greet: "あいさつ",
  invite: "そうだん室に さそった",
  mute: "チャットを おやすみ",
  unmute: "おやすみを 解除",
  remove_today: "きょうは 退出",
  block: "あいことば停止",
  announce: "おしらせ",
  lock_counselling: "そうだん室に かぎ",
  unlock_counselling: "そうだん室の かぎを あけた",
  answer_help: "「たすけて」に たいおう",
  flood: "送信が 多すぎて 切断",
};

const en: Record<string, string> = {
  setup: "first setup",
  create_org: "created an organisation and its first admin",
  sign_in: "signed in",
  open_space: "opened the space",
  register_student: "registered a student",
  reissue_code: "reissued an access code",
  revoke_code: "revoked an access code",
  record_consent: "recorded research consent",
  add_staff: "added a staff member",
  create_study: "created a study",
  edit_words: "edited the word lists",
  purge: "deleted old logs",
  export: "exported data",
  set_board: "showed a picture on the board",
  clear_board: "cleared the board",
  close_space: "closed the space",
  greet: "greeted",
  invite: "invited to the counselling room",
  mute: "paused chat",
  unmute: "resumed chat",
  remove_today: "removed for today",
  block: "blocked an access code",
  announce: "announced",
  lock_counselling: "locked the counselling room",
  unlock_counselling: "unlocked the counselling room",
  answer_help: "answered a request",
  flood: "disconnected for too many messages",
};

export function auditAction(lang: Lang, action: string): string {
  return (lang === "en" ? en : ja)[action] ?? action;
}
