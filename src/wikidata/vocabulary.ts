// The Wikidata properties and classes this project may name: in the ontology's mapping, in the exports for Wikidata
// editors and in example queries. Each is a long-standing Wikidata property or item, confirmed before use; any other
// ID must first be looked up on Wikidata itself by a curator (`ots-kg links suggest`) and recorded with its evidence.

export const WIKIDATA_PROPERTIES: Readonly<Record<string, string>> = {
  P31: 'instance of',
  P279: 'subclass of',
  P17: 'country',
  P131: 'located in the administrative territorial entity',
  P276: 'location',
  P585: 'point in time',
  P580: 'start time',
  P582: 'end time',
  P710: 'participant',
  P1344: 'participant in',
  P664: 'organizer',
  P166: 'award received',
  P1027: 'conferred by',
  P1346: 'winner',
  P155: 'follows',
  P156: 'followed by',
  P179: 'part of the series',
  P1545: 'series ordinal',
  P463: 'member of',
  P39: 'position held',
  P488: 'chairperson',
  P159: 'headquarters location',
  P571: 'inception',
  P1448: 'official name',
  P2868: 'subject has role',
  P973: 'described at URL',
  P854: 'reference URL',
  P248: 'stated in',
  P813: 'retrieved',
};

export const WIKIDATA_CLASSES: Readonly<Record<string, string>> = {
  Q5: 'human',
  Q6256: 'country',
  Q515: 'city',
  Q484652: 'international organization',
};

export const WIKIDATA_ENTITY = 'http://www.wikidata.org/entity/';
export const WIKIDATA_DIRECT = 'http://www.wikidata.org/prop/direct/';

/** True for a property or class ID confirmed for use. */
export function isConfirmedId(id: string): boolean {
  return id in WIKIDATA_PROPERTIES || id in WIKIDATA_CLASSES;
}
