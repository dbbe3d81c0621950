export { loqXml, loqXmlFormat, LoqXmlError, type LoqAgent, type LoqXmlContext, type LoqXmlOptions } from './loq-xml.js';
export { LANGUAGE_CODES, languageUri, nqfLevelUri } from './vocabularies.js';
