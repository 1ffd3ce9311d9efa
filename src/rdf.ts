// The one module that imports RDF libraries: everything else talks RDF/JS through it.
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';

export type { RDF };
export const DataFactory = N3.DataFactory;
export const { namedNode, literal, quad, defaultGraph, blankNode } = N3.DataFactory;
export const { Store, Parser, Writer, StreamParser, StreamWriter } = N3;
export type N3Store = N3.Store;
