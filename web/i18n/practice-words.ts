// A sheet's indicators in words, the same on its page, in the library and in
// the Article other servers receive (federation/convert/practice.ts).
import type { Indicators } from "../../src/domain/practices/model.ts";
import type { Translate } from "./index.ts";

export function indicatorsText(t: Translate, i: Indicators & { atLeast?: boolean }): string {
  const people = i.peopleHelped === null ? t("practice.fewPeople") : i.atLeast ? t("practice.atLeast", { count: i.peopleHelped }) : String(i.peopleHelped);
  return t("practice.indicators", {
    needs: i.needs,
    done: i.needsDone,
    accepted: i.volunteersAccepted,
    wanted: i.volunteersWanted,
    rate: i.fillRate === null ? t("practice.noRate") : t("practice.rate", { rate: Math.round(i.fillRate * 100) }),
    hours: i.volunteerHours,
    people,
  });
}
