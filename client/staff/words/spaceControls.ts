/** Opening, closing and locking the space. */
export const ja = {
  controls: "スペースの 操作",
  announcement: "おしらせ",
  sendAnnouncement: "おしらせを おくる",
  announceTo: "とどける ところ",
  announceEveryone: "スペースの みんな",
  announceClassroom: "きょうしつに いる ひと だけ",
} as const;

export const en: Record<keyof typeof ja, string> = {
  controls: "Space controls",
  announcement: "Announcement",
  sendAnnouncement: "Send announcement",
  announceTo: "Send to",
  announceEveryone: "Everyone in the space",
  announceClassroom: "Only those in the classroom",
};
