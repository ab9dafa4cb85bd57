import type { Offer } from "../../src/domain/offers/offers.ts";
import { Layout, type OpenGraph, type PageProps } from "../layout.tsx";

export function OfferPage(props: PageProps & { offer: Offer; authorAddress: string; og: OpenGraph }) {
  const { offer, t } = props;
  return (
    <Layout {...props} title={offer.title}>
      <article>
        <h1>🤝 {offer.title}</h1>
        <p>
          {t("offer.by")} <a href={`/@${offer.author.handle}`}>{offer.author.name}</a> (<code>{props.authorAddress}</code>)
        </p>
        <ul>
          <li>🗓 {offer.availability}</li>
          <li>📍 {offer.place.mode === "remote" ? t("need.remote") : offer.place.label}</li>
        </ul>
        {/* Sanitised when the offer was saved (allow-list HTML). */}
        <div dangerouslySetInnerHTML={{ __html: offer.descriptionHtml }} />
        <p>{offer.status === "open" ? t("offer.how", { address: props.authorAddress }) : t("offer.closed")}</p>
      </article>
    </Layout>
  );
}

export function OfferList({ offers }: { offers: Offer[] }) {
  return (
    <ul class="cards">
      {offers.map((o) => (
        <li>
          <h3>
            <a href={`/offers/${o.id}`}>🤝 {o.title}</a>
          </h3>
          <p class="meta">
            {o.author.name} · 🗓 {o.availability} · 📍 {o.place.label}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function OffersPage(props: PageProps & { offers: Offer[] }) {
  const { t } = props;
  return (
    <Layout {...props} title={t("offers.title")}>
      <h1>{t("offers.title")}</h1>
      {props.offers.length ? <OfferList offers={props.offers} /> : <p>{t("offers.none")}</p>}
    </Layout>
  );
}
