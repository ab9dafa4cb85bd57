// The links between the administration pages, shown on each of them.
import type { Frame } from "../layout.tsx";

export function AdminNav({ t, signedIn, current }: Pick<Frame, "t" | "signedIn"> & { current: "admin" | "settings" | "privacy" | "federation" | "moderation" }) {
  const links: { key: typeof current; href: string; label: string }[] = [
    ...(signedIn?.role === "admin"
      ? [
          { key: "admin" as const, href: "/admin", label: t("admin.title") },
          { key: "settings" as const, href: "/admin/settings", label: t("settings.title") },
          { key: "privacy" as const, href: "/admin/privacy", label: t("record.title") },
        ]
      : []),
    { key: "federation", href: "/admin/federation", label: t("admin.federation") },
    { key: "moderation", href: "/admin/moderation", label: t("admin.moderation") },
  ];
  return (
    <nav aria-label={t("admin.sections")}>
      <ul class="subnav">
        {links.map((l) => (
          <li>
            <a href={l.href} aria-current={l.key === current ? "page" : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
