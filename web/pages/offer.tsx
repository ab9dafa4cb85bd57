import type { Offer } from "../../src/domain/offers/offers.ts";
import { Layout, type LayoutProps } from "../layout.tsx";

export function OfferPage(props: Omit<LayoutProps, "title" | "children"> & { offer: Offer; authorAddress: string }) {
  const { offer } = props;
  return (
    <Layout {...props} title={offer.title}>
      <article>
        <h1>🤝 {offer.title}</h1>
        <p>
          Proposé par <a href={`/@${offer.author.handle}`}>{offer.author.name}</a> (<code>{props.authorAddress}</code>)
        </p>
        <ul>
          <li>🗓 {offer.availability}</li>
          <li>📍 {offer.place.mode === "remote" ? "À distance" : offer.place.label}</li>
        </ul>
        {/* Sanitised when the offer was saved (allow-list HTML). */}
        <div dangerouslySetInnerHTML={{ __html: offer.descriptionHtml }} />
        <p>
          {offer.status === "open"
            ? `Pour en profiter, écrivez en privé à ${props.authorAddress} depuis votre compte du fédivers.`
            : "Cette offre n'est plus disponible."}
        </p>
      </article>
    </Layout>
  );
}
