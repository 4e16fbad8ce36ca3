import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dayIn } from "../../shared/domain/days.ts";
import { SHOTS, useStage } from "./stage.ts";

/**
 * Attendance evidence in real Chromium (issue 19): a child comes into the space; later a
 * counsellor opens the child's "出席の報告" on the staff page, enters the name the school knows
 * them by, picks this month, writes a comment and downloads the PDF, which lists today. Then a
 * one-time link for the guardian is shown once. Screenshots: test-results/attendance-*.png.
 */
const stage = useStage({ orgName: "ひがし区 教育支援センター" });

describe("an attendance report from the staff page", () => {
  it("should let a counsellor produce a child's report as a PDF and a guardian's one-time link", async () => {
    const teacher = await stage.teacher("hayashi", "はやし先生");
    const child = await stage.student("つむぎ");
    await child.waitForTimeout(1500);
    await child.context().close();
    await teacher.context().close();

    const staff = await stage.staffHome("ono", "おの先生");
    const row = staff.locator(".student-row", { hasText: "つむぎ" });
    await row.getByText("出席の報告（学校へ）: つむぎ").click();
    await row.getByLabel("学校での名前（スタッフだけ。子どもには 見えません）").fill("鈴木 つむぎ");
    await row.getByLabel("学校名").fill("ひがし中学校");
    await row.getByLabel("学年").fill("1年");
    await row.getByRole("button", { name: "学校での名前を 保存" }).click();
    await expect.poll(() => row.getByRole("status").first().textContent()).toContain("保存しました");
    const today = dayIn("Asia/Tokyo", Date.now());
    await row.getByLabel("月", { exact: true }).fill(today.slice(0, 7));
    await row.getByLabel("学校への コメント（相談員から）").fill("落ち着いて 過ごせています。");
    await staff.screenshot({ path: path.join(SHOTS, "attendance-form-ja.png"), fullPage: true });

    const [download] = await Promise.all([staff.waitForEvent("download"), row.getByRole("button", { name: "⬇ PDF を ダウンロード" }).click()]);
    const file = path.join(SHOTS, "attendance-report-ja.pdf");
    await download.saveAs(file);
    expect(execFileSync("pdffonts", [file], { encoding: "utf8" })).toMatch(/NotoSansJP-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain("鈴木 つむぎ");
    expect(text).toContain(`${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`);
    expect(text).toContain("出席した日: 1 日");
    expect(text).toContain("落ち着いて 過ごせています。");
    execFileSync("pdftoppm", ["-png", "-r", "60", "-singlefile", file, path.join(SHOTS, "attendance-report-ja")]);

    await row.getByRole("button", { name: "🔗 保護者用の 1回だけの リンクを つくる" }).click();
    const link = row.locator(".attendance-url");
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/api\/attendance\/[\w-]{20,}$/);
    await row.screenshot({ path: path.join(SHOTS, "attendance-link-ja.png") });
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url)).status).toBe(410);
  });
});
