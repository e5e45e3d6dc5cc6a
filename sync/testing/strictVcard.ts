/**
 * A deliberately strict vCard 4.0 reader for tests (RFC 6350 §3.3 grammar): CRLF everywhere, folded
 * lines unfolded, every card BEGIN:VCARD / VERSION:4.0 first / FN present / END:VCARD, every content
 * line `name *(";" param) ":" value` with an IANA or X- name. Anything else throws, naming the line.
 */
export interface VcardProperty {
  name: string;
  params: string[];
  value: string;
}

const CONTENT_LINE =
  /^((?:[A-Za-z0-9-]+\.)?(?:[A-Za-z0-9-]+))((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$/;

export function parseVcards(text: string): VcardProperty[][] {
  if (text.length > 0 && !text.endsWith("\r\n")) throw new Error("vCard text does not end with CRLF");
  if (/(?<!\r)\n/.test(text) || /\r(?!\n)/.test(text))
    throw new Error("bare LF or CR: vCard lines end with CRLF");
  const lines = text
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .slice(0, -1);
  const cards: VcardProperty[][] = [];
  let card: VcardProperty[] | null = null;
  lines.forEach((line, index) => {
    const match = CONTENT_LINE.exec(line);
    if (match === null) throw new Error(`line ${index + 1} is not a content line: ${JSON.stringify(line)}`);
    const property: VcardProperty = {
      name: match[1]!.toUpperCase(),
      params: match[2]!.split(";").filter((p) => p !== ""),
      value: match[3]!,
    };
    if (property.name === "BEGIN") {
      if (card !== null || property.value !== "VCARD") throw new Error(`line ${index + 1}: unexpected BEGIN`);
      card = [];
      return;
    }
    if (card === null) throw new Error(`line ${index + 1}: ${property.name} outside BEGIN:VCARD … END:VCARD`);
    if (property.name === "END") {
      if (property.value !== "VCARD") throw new Error(`line ${index + 1}: END:${property.value}`);
      if (card[0]?.name !== "VERSION" || card[0].value !== "4.0")
        throw new Error(`card ending at line ${index + 1}: VERSION:4.0 is not its first property`);
      if (!card.some((p) => p.name === "FN")) throw new Error(`card ending at line ${index + 1} has no FN`);
      cards.push(card);
      card = null;
      return;
    }
    card.push(property);
  });
  if (card !== null) throw new Error("the last card has no END:VCARD");
  return cards;
}
