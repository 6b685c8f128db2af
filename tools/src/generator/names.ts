/**
 * Name parts for synthetic people and organisations. People get a common first name of their sex and birth era
 * combined at random with a common surname — plausible on a screen, never a real person's record. Organisation
 * names are built from neutral place words, not from real health systems.
 */

export const FEMALE_GIVEN_NAMES: readonly string[] = (
  'Mary Patricia Linda Barbara Elizabeth Jennifer Susan Margaret Dorothy Lisa Nancy Karen Betty ' +
  'Helen Sandra Donna Carol Ruth Sharon Michelle Laura Sarah Kimberly Deborah Jessica Shirley ' +
  'Cynthia Angela Melissa Brenda Amy Anna Rebecca Virginia Kathleen Pamela Martha Debra Judith ' +
  'Janet Joyce Diane Alice Julie Gloria Teresa Evelyn Cheryl Frances Marilyn'
).split(' ');

export const MALE_GIVEN_NAMES: readonly string[] = (
  'James Robert John Michael William David Richard Charles Joseph Thomas Christopher Daniel Paul ' +
  'Mark Donald George Kenneth Steven Edward Brian Ronald Anthony Kevin Jason Gary Timothy Larry ' +
  'Jeffrey Frank Scott Eric Stephen Raymond Gregory Jerry Dennis Walter Patrick Peter Harold ' +
  'Douglas Henry Carl Arthur Roger Gerald Keith Lawrence Terry Albert'
).split(' ');

export const FAMILY_NAMES: readonly string[] = (
  'Smith Johnson Williams Brown Jones Miller Davis Garcia Rodriguez Wilson Martinez Anderson ' +
  'Taylor Thomas Hernandez Moore Martin Jackson Thompson White Lopez Lee Gonzalez Harris Clark ' +
  'Lewis Robinson Walker Perez Hall Young Allen Sanchez Wright King Scott Green Baker Adams ' +
  'Nelson Hill Ramirez Campbell Mitchell Roberts Carter Phillips Evans Turner Torres Parker ' +
  'Collins Edwards Stewart Flores Morris Nguyen Murphy Rivera Cook Rogers Morgan Peterson Cooper ' +
  'Reed Bailey Bell Gomez Kelly Howard Ward Cox Diaz Richardson Wood Watson Brooks Bennett Gray ' +
  'James Reyes Cruz Hughes Price Myers Long Foster Sanders Ross Morales Powell Sullivan Russell ' +
  'Ortiz Jenkins Gutierrez Perry Butler Barnes Fisher'
).split(' ');

/** Neutral place words for organisation names ("Willow Creek Family Medicine"). */
export const PLACE_WORDS: readonly string[] = (
  'Willow Creek|Stonebridge|Meadowlark|Harbor Oak|Summit Grove|Lakeshore|Pine Hollow|Fox Run|' +
  'Silver Birch|Juniper|Aspen Hill|Cardinal|Bluebird|Maple Ridge|Copper Field|Elm Street|' +
  'Kingfisher|Sycamore|Heron Bay|Clearwater|Timberline|Red Oak|Quail Hollow|Briar Glen|' +
  'Orchard Park|Hawthorn|Sparrow Lane|Beacon Hill|Mill Creek|Prairie View|Ironwood|Chestnut|' +
  'Golden Valley|Walnut Grove|Ash Lane|Cobblestone|Greenfield|Larkspur'
).split('|');
