/** Signed in: the staff page's home. */
export const ja = {
  signedInAs: "{name}（{role}）",
  roleCounsellor: "サポーター",
  roleResearcher: "研究者",
  roleAdmin: "管理者",
  signOut: "サインアウト",
  studentsInNewTab: "子どもの 登録（べつの タブ）",
  openSpace: "スペースを ひらく",
  openSpaceLead: "ひらくと、子どもたちが あいことばで はいれるように なります。",
  spaceInOtherTab: "スペースは もう ひとつの タブで ひらいています。ここでは 子どもを 登録できます。",
  openSpaceHere: "この タブで スペースに はいる（もう ひとつの タブは おわります）",
  researcherNote: "研究者の アカウントでは スペースに はいれません。仮名化された 記録は 研究ダッシュボードで 見られます。",
  toResearch: "研究ダッシュボードを ひらく",
  opening: "ひらいています…",
} as const;

export const en: Record<keyof typeof ja, string> = {
  signedInAs: "{name} ({role})",
  roleCounsellor: "counsellor",
  roleResearcher: "researcher",
  roleAdmin: "administrator",
  signOut: "Sign out",
  studentsInNewTab: "Students (new tab)",
  openSpace: "Open the space",
  openSpaceLead: "Once open, students can enter with their access codes.",
  spaceInOtherTab: "The space is open in your other tab. Here you can register students.",
  openSpaceHere: "Go into the space in this tab (the other tab stops)",
  researcherNote: "Researcher accounts cannot enter the space. The pseudonymised records are on the research dashboard.",
  toResearch: "Open the research dashboard",
  opening: "Opening…",
};
