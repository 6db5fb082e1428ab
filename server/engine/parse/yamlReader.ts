/**
 * Bulkhead's own reading of the YAML that Compose files are written in, for
 * the model: block maps and sequences, one-line scalars, anchors, aliases
 * and merge keys, block scalars, and flow collections without nesting (on
 * one line or several), with comments and blank lines anywhere.
 *
 * `yaml`'s `parseDocument` lexes into tokens, parses them into a concrete
 * syntax tree through generators and composes nodes from that tree: two
 * fifths of Compose lint time went there. This reader builds the same
 * document, with `yaml`'s own node classes (YAMLMap, YAMLSeq, Pair, Scalar,
 * Alias) and scalars resolved through the document's own schema tags, in one
 * pass over the text. Where a comment or blank line lands decides where a
 * node's range ends (an indented comment after a value extends the value, a
 * comment after an empty value belongs to it, trailing lines go to the
 * innermost collection whose indentation they reach), so the reader follows
 * `yaml` 2.x's CST parser state for state (`Parser.blockMap`,
 * `Parser.blockSequence`, `Parser.pop`, `getFirstKeyStartProps`,
 * `atIndentedComment`), its lexer's indentation state where it decides
 * whether a scalar goes on to the next line and how far block scalars and
 * flow collections reach (`parseLineStart`, `parseBlockStart`,
 * `pushIndicators`, `continueScalar`, `parseBlockScalar`,
 * `parseFlowCollection`), and its composer (`resolveBlockMap`,
 * `resolveBlockSeq`, `resolveFlowCollection`, `resolveBlockScalar`,
 * `resolveProps`, `emptyScalarPosition`), on small token records instead of
 * the parser's.
 *
 * Line breaks are `\n` or `\r\n` (the Compose parser turns a lone `\r` into
 * `\n` first, as it does for `yaml`). Everything else it declines, and the
 * caller uses `parseDocument`: tabs, other control characters, a byte order
 * mark, directives, a
 * second document, tags, explicit keys, plain and quoted scalars over several
 * lines, nested flow collections, escapes `yaml` rejects, anchors on keys or
 * on empty values, a top level that is not a block map, collections nested
 * deeper than MAX_DEPTH, and every shape on which `yaml` reports an error or
 * a warning.
 *
 * What it builds is compared with `parseDocument`'s in
 * `test/engine/yamlReader.test.ts`: every node's class, range, value, source,
 * type, anchor and flow, on every corpus Compose file, hand-picked shapes,
 * generated documents and edited corpus files (100,000 of each in `npm run
 * fuzz`). It does not attach comments to nodes (`comment`, `commentBefore`,
 * `spaceBefore`): nothing in the engine reads them, and
 * `scripts/check-boundaries.mjs` keeps it so.
 */
import type { Document as YDocument, Node as YNode, Pair as YPair, Scalar as YScalar, YAMLMap as YMap, YAMLSeq as YSeq } from 'yaml';
import { yamlLib } from '../yaml/nodes';

/**
 * Scalars, pairs, maps and sequences, built without their classes'
 * constructors. `yaml`'s constructors give every node its type tag (and a
 * collection its `schema`) with `Object.defineProperty`, a call into V8's
 * runtime per node. These functions share the classes' prototypes (the
 * objects are instances of `Scalar`, `Pair`, `YAMLMap` and `YAMLSeq`, with
 * their `constructor` and methods, and `isScalar`, `isPair`, `isMap` and
 * `isSeq` answer as for the classes' own) and set the same own properties in
 * the same order, as plain properties: the classes define the tag read-only
 * and the tag and `schema` not enumerable. Compose lint took about 0.90× the
 * time (three steps of 40 alternating pairs: 0.97, 0.96, 0.96). A tag on a
 * prototype shared by the nodes, instead, made every `isPair` a
 * prototype-chain load, and gave back most of the gain.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
const SCALAR = Symbol.for('yaml.scalar');
const PAIR = Symbol.for('yaml.pair');
type NodeBuilders = {
  Scalar: new (value: unknown) => YScalar;
  Pair: new (key: unknown, value: unknown) => YPair;
  Map: new (schema: unknown) => YMap;
  Seq: new (schema: unknown) => YSeq;
  Alias: typeof import('yaml').Alias;
  Document: typeof import('yaml').Document;
  /** `yaml`'s own `Scalar` class (what a tag's `resolve` may return). */
  ScalarClass: typeof import('yaml').Scalar;
  /** The scalar types (`Scalar.PLAIN` and the rest). */
  PLAIN: YScalar.Type;
  QUOTE_DOUBLE: YScalar.Type;
  QUOTE_SINGLE: YScalar.Type;
  BLOCK_LITERAL: YScalar.Type;
  BLOCK_FOLDED: YScalar.Type;
};
let builders: NodeBuilders | undefined;

/** The builders, made on the first read (`yaml` is loaded then: see yaml/nodes.ts). */
function nodeBuilders(): NodeBuilders {
  if (builders) return builders;
  const { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq } = yamlLib();
  const ScalarNode = function (this: { value: unknown; [NODE_TYPE]: symbol }, value: unknown): void {
    this[NODE_TYPE] = SCALAR;
    this.value = value;
  } as unknown as new (value: unknown) => YScalar;
  ScalarNode.prototype = Scalar.prototype;
  const PairNode = function (this: { key: unknown; value: unknown; [NODE_TYPE]: symbol }, key: unknown, value: unknown): void {
    this[NODE_TYPE] = PAIR;
    this.key = key;
    this.value = value;
  } as unknown as new (key: unknown, value: unknown) => YPair;
  PairNode.prototype = Pair.prototype as YPair;
  const { PLAIN, QUOTE_DOUBLE, QUOTE_SINGLE, BLOCK_LITERAL, BLOCK_FOLDED } = Scalar;
  return (builders = {
    Scalar: ScalarNode,
    Pair: PairNode,
    Map: collectionNode<YMap>(YAMLMap, Symbol.for('yaml.map')),
    Seq: collectionNode<YSeq>(YAMLSeq, Symbol.for('yaml.seq')),
    Alias,
    Document,
    ScalarClass: Scalar,
    PLAIN,
    QUOTE_DOUBLE,
    QUOTE_SINGLE,
    BLOCK_LITERAL,
    BLOCK_FOLDED,
  });
}
/** A map or sequence builder: the tag `type`, then `schema` and `items`, on `cls`'s prototype. */
function collectionNode<T>(cls: { prototype: object }, type: symbol): new (schema: unknown) => T {
  const make = function (this: { schema: unknown; items: unknown[]; [NODE_TYPE]: symbol }, schema: unknown): void {
    this[NODE_TYPE] = type;
    this.schema = schema;
    this.items = [];
  };
  make.prototype = cls.prototype;
  return make as unknown as new (schema: unknown) => T;
}

/** The options the Compose parser gives `parseDocument`; the document built here carries the same. */
export const COMPOSE_YAML_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, strict: false } as const;

// Token types (the CST parser's names in comments).
const SPACE = 0; // space
const NEWLINE = 1; // newline
const COMMENT = 2; // comment
const SEQ_IND = 3; // seq-item-ind
const MAP_IND = 4; // map-value-ind
const ANCHOR = 5; // anchor
const ALIAS = 6; // alias
const PLAIN = 7; // scalar
const SINGLE = 8; // single-quoted-scalar
const DOUBLE = 9; // double-quoted-scalar
const FLOW = 10; // flow-collection (read whole, on one line)
const DOC_START = 11; // doc-start (`---`)
const BLOCK = 12; // block-scalar, with its header's props

interface Tok {
  t: number;
  /** Offset in the text. */
  o: number;
  /** Length in the text. */
  l: number;
  /** The parser's indentation when the token arrived. */
  ind: number;
}

/** A scalar, alias or flow collection: a value that collects the trivia after it (`end`). */
interface ValueTok extends Tok {
  end?: Tok[];
  /** A quoted scalar's value; an alias's or anchor's name. */
  text?: string;
  flow?: FlowRead;
  /** A block scalar's header (`|-`), the length of its header line (line break included) and its lines. */
  header?: string;
  headerLength?: number;
  headerComment?: boolean;
  source?: string;
}

interface FlowRead {
  map: boolean;
  /** Offset just past the closing bracket. */
  close: number;
  /** Seq: the items; map: key, value pairs in turn. */
  items: ValueTok[];
  /** The indentation of the line it closes on, when it spans lines (-1 when not). */
  lineIndent: number;
}

interface MapItem {
  start: Tok[];
  key?: ValueTok;
  sep?: Tok[];
  value?: Value;
}
interface SeqItem {
  start: Tok[];
  value?: Value;
}
interface MapFrame {
  kind: 'map';
  o: number;
  ind: number;
  items: MapItem[];
}
interface SeqFrame {
  kind: 'seq';
  o: number;
  ind: number;
  items: SeqItem[];
}
interface DocFrame {
  kind: 'doc';
  o: number;
  start: Tok[];
  value?: Value;
  end?: Tok[];
}
type Frame = MapFrame | SeqFrame | DocFrame;
type Value = MapFrame | SeqFrame | ValueTok;
type StackEntry = Frame | ValueTok;

/**
 * Collections nested deeper than this are left to `yaml`: its composer
 * recurses with larger stack frames and reports a stack overflow as
 * RESOURCE_EXHAUSTION at a depth that depends on its caller's stack.
 */
const MAX_DEPTH = 100;

/** Thrown (and caught in `readComposeYaml`) where the text leaves what this reader follows. */
class Decline extends Error {}
const DECLINE = new Decline('declined');
function decline(): never {
  throw DECLINE;
}

const isFrame = (v: StackEntry | Value | undefined): v is Frame => v !== undefined && 'kind' in v;
const isTrivia = (t: number): boolean => t === SPACE || t === NEWLINE || t === COMMENT;

/**
 * The document `parseDocument(text, COMPOSE_YAML_OPTIONS)` would build, or
 * undefined when the text is not one this reader follows (see the header).
 */
export function readComposeYaml(text: string): YDocument.Parsed | undefined {
  try {
    const doc = new (nodeBuilders().Document)(undefined, COMPOSE_YAML_OPTIONS) as unknown as YDocument.Parsed;
    const frame = new Reader(text).read();
    compose(doc, frame, text);
    return doc;
  } catch {
    // DECLINE, or anything this reader did not foresee: `parseDocument` reads the text.
    return undefined;
  }
}

/** The CST parser's state machine, fed by a lexer for the subset. */
class Reader {
  private readonly stack: StackEntry[] = [];
  private doc: DocFrame | undefined;
  private sawContent = false;
  /** `yaml`'s lexer's `indentValue` and `indentNext` (see `lineStart`). */
  private lexIndentValue = 0;
  private lexIndentNext = 0;
  /** Where the line being lexed ends (a flow collection may carry it to a later line). */
  private lineBreak = 0;
  /** Block collections open now: how deep they nest. */
  private depth = 0;
  private indent = 0;
  private atNewLine = true;
  private onKeyLine = false;

  constructor(private readonly text: string) {}

  read(): DocFrame {
    this.lex();
    while (this.stack.length > 0) this.pop();
    if (!this.doc || !this.doc.value || !isFrame(this.doc.value) || this.doc.value.kind !== 'map') decline();
    return this.doc;
  }

  // ---- lexer ----

  private lex(): void {
    const text = this.text;
    const n = text.length;
    if (n === 0) decline();
    let pos = 0;
    while (pos < n) {
      let eol = lineEndOf(text, pos);
      const resume = this.lexLine(pos, eol);
      if (resume !== undefined) {
        pos = resume;
        continue;
      }
      eol = this.lineBreak;
      if (eol >= n) break;
      const l = breakLength(text, eol);
      this.next({ t: NEWLINE, o: eol, l, ind: 0 });
      pos = eol + l;
    }
  }

  /** Lexes one line; returns where to go on when the line began a block scalar (past its last line). */
  private lexLine(start: number, eol: number): number | undefined {
    this.lineBreak = eol;
    const text = this.text;
    if (this.doc) this.lineStart(start);
    let i = start;
    while (i < eol && text.charCodeAt(i) === 0x20) i++;
    if (i > start) this.next({ t: SPACE, o: start, l: i - start, ind: 0 });
    if (i === eol) return;
    const first = text.charCodeAt(i);
    if (first === 0x23 /* # */) {
      checkChars(text, i, eol);
      this.next({ t: COMMENT, o: i, l: eol - i, ind: 0 });
      return;
    }
    if (i === start && (first === 0x25 /* % */ || ((first === 0x2d || first === 0x2e) && isMarker(text, i, eol)))) {
      // `---` once, before any content, with nothing but a comment after it.
      if (first !== 0x2d || this.doc) decline();
      this.lexIndentValue = 0;
      this.lexIndentNext = 0;
      this.next({ t: DOC_START, o: i, l: 3, ind: 0 });
      i = this.spaces(i + 3, eol);
      if (i === eol) return;
      if (text.charCodeAt(i) !== 0x23 || i === start + 3) decline();
      checkChars(text, i, eol);
      this.next({ t: COMMENT, o: i, l: eol - i, ind: 0 });
      return;
    }
    if (!this.sawContent && i !== start) decline();
    this.sawContent = true;
    let mapIndicators = 0;
    let sawAnchor = false;
    let atLineStart = true;
    // Tokens of the line: indicators and props, then one value, then trailing space and comment.
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x2d /* - */ && isBlankOrEnd(text, i + 1, eol)) {
        if (!atLineStart) decline();
        this.next({ t: SEQ_IND, o: i, l: 1, ind: 0 });
        i = this.spaces(i + 1, eol);
        if (i === eol) return;
        if (text.charCodeAt(i) === 0x2d && isBlankOrEnd(text, i + 1, eol)) decline();
        atLineStart = false;
        continue;
      }
      atLineStart = false;
      if (c === 0x23 /* # */) {
        // After an indicator and a space: the rest of the line is a comment.
        checkChars(text, i, eol);
        this.next({ t: COMMENT, o: i, l: eol - i, ind: 0 });
        return;
      }
      if (c === 0x26 /* & */) {
        if (sawAnchor) decline();
        sawAnchor = true;
        const e = anchorEnd(text, i + 1, eol);
        if (e === i + 1 || text.charCodeAt(e - 1) === 0x3a || !isBlankOrEnd(text, e, eol)) decline();
        this.next({ t: ANCHOR, o: i, l: e - i, ind: 0, text: text.slice(i + 1, e) } as ValueTok);
        i = this.spaces(e, eol);
        if (i === eol) return;
        if (text.charCodeAt(i) === 0x23) continue;
        // An anchor on a key, or on an alias: not followed here.
        if (text.charCodeAt(i) === 0x2a) decline();
        sawAnchor = true;
        // fall through to read the value
      }
      let end: number;
      const ch = text.charCodeAt(i);
      if (ch === 0x2a /* * */) {
        end = anchorEnd(text, i + 1, eol);
        if (end === i + 1 || text.charCodeAt(end - 1) === 0x3a || !isBlankOrEnd(text, end, eol)) decline();
        this.next({ t: ALIAS, o: i, l: end - i, ind: 0, text: text.slice(i + 1, end) } as ValueTok);
      } else if (ch === 0x22 /* " */ || ch === 0x27 /* ' */) {
        const q = readQuoted(text, i, eol);
        end = q.end;
        this.next({ t: ch === 0x22 ? DOUBLE : SINGLE, o: i, l: end - i, ind: 0, text: q.value } as ValueTok);
      } else if (ch === 0x7c /* | */ || ch === 0x3e /* > */) {
        return this.blockScalar(i, eol);
      } else if (ch === 0x5b /* [ */ || ch === 0x7b /* { */) {
        const flow = readFlow(text, i, this.lexIndentNext);
        end = flow.close;
        this.next({ t: FLOW, o: i, l: end - i, ind: 0, flow } as ValueTok);
        if (flow.lineIndent >= 0) {
          // It spans lines: the rest of its closing line follows.
          eol = lineEndOf(text, end);
          this.lineBreak = eol;
          this.indent = flow.lineIndent;
        }
      } else {
        if (!canStartPlain(text, i, eol)) decline();
        end = this.plainEnd(i);
        // A plain scalar that `yaml` would carry on to a later line.
        if (end > eol) decline();
        checkChars(text, i, end);
        this.next({ t: PLAIN, o: i, l: end - i, ind: 0 });
      }
      i = this.spaces(end, eol);
      if (i === eol) {
        return;
      }
      const c2 = text.charCodeAt(i);
      if (c2 === 0x23 /* # */) {
        if (i === end) decline();
        checkChars(text, i, eol);
        this.next({ t: COMMENT, o: i, l: eol - i, ind: 0 });
        return;
      }
      if (c2 === 0x3a /* : */ && isBlankOrEnd(text, i + 1, eol)) {
        // A key: at most one per line, not a flow collection or alias, no anchor on it.
        if (++mapIndicators > 1 || sawAnchor || ch === 0x5b || ch === 0x7b || ch === 0x2a) decline();
        this.next({ t: MAP_IND, o: i, l: 1, ind: 0 });
        // `Lexer.pushIndicators`
        this.lexIndentNext = this.lexIndentValue + 1;
        i = this.spaces(i + 1, eol);
        if (i === eol) return;
        continue;
      }
      decline();
    }
  }

  /** Emits the spaces from `i` as one token; returns where they end. */
  private spaces(i: number, eol: number): number {
    const text = this.text;
    let j = i;
    while (j < eol && text.charCodeAt(j) === 0x20) j++;
    if (j > i) this.next({ t: SPACE, o: i, l: j - i, ind: 0 });
    return j;
  }

  /**
   * A block scalar whose header (`|`, `>-`, `|+2`…) starts at `i`: the
   * header's line, then the lines `yaml`'s lexer takes into it
   * (`Lexer.parseBlockScalar`, with the indentation it would expect here:
   * one past the innermost collection's). Returns where the next line starts.
   */
  private blockScalar(i: number, eol: number): number {
    const text = this.text;
    const n = text.length;
    let j = i + 1;
    while (j < eol && text.charCodeAt(j) !== 0x20 && text.charCodeAt(j) !== 0x23) j++;
    const header = text.slice(i, j);
    if (!/^[|>](?:[-+][1-9]?|[1-9][-+]?)?$/.test(header)) decline();
    let k = j;
    while (k < eol && text.charCodeAt(k) === 0x20) k++;
    let headerComment = false;
    if (k < eol) {
      if (text.charCodeAt(k) !== 0x23 || k === j) decline();
      checkChars(text, k, eol);
      headerComment = true;
    }
    if (eol >= n) decline();
    const keep = header.includes('+');
    const digit = /[1-9]/.exec(header);
    const explicit = digit ? Number(digit[0]) - 1 : -1;
    let indentNext = this.lexIndentNext;
    const pos = eol + breakLength(text, eol);
    let nl = pos - 1;
    let indent = 0;
    let ch = 0;
    let c = pos;
    for (; c < n; c++) {
      ch = text.charCodeAt(c);
      if (ch === 0x20) indent++;
      else if (ch === 0x0a) {
        nl = c;
        indent = 0;
      } else if (ch !== 0x0d || text.charCodeAt(c + 1) !== 0x0a) break;
    }
    if (indent >= indentNext) {
      indentNext = explicit === -1 ? indent : explicit + (indentNext === 0 ? 1 : indentNext);
      if (indentNext <= 0) decline();
      this.lexIndentNext = indentNext;
      do {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = text.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) nl = n;
    }
    let e = nl + 1;
    while (text.charCodeAt(e) === 0x20) e++;
    if (text.charCodeAt(e) === 0x09) decline();
    if (!keep) {
      for (;;) {
        let b = nl - 1;
        if (text.charCodeAt(b) === 0x0d) b--;
        const lastChar = b;
        while (text.charCodeAt(b) === 0x20) b--;
        if (text.charCodeAt(b) === 0x0a && b >= pos && b + 1 + indent > lastChar) nl = b;
        else break;
      }
    }
    const end = Math.min(nl + 1, n);
    checkChars2(text, pos, end);
    const source = text.slice(pos, end);
    const headerLength = pos - i;
    this.next({ t: BLOCK, o: i, l: headerLength + source.length, ind: 0, header, headerLength, headerComment, source } as ValueTok);
    return end;
  }

  /**
   * `Lexer.parseLineStart` and `parseBlockStart`: the lexer's indentation at a
   * line's start, which decides whether a plain scalar goes on to the next
   * line and how far a block scalar's or flow collection's lines must be
   * indented. A line indented less than `indentNext` lowers it, unless the
   * character after its first one is blank (so an empty line lowers it when
   * the next line starts at column 0, and `#x` does where `# x` does not).
   */
  private lineStart(start: number): void {
    const text = this.text;
    let p = start;
    while (text.charCodeAt(p) === 0x20) p++;
    this.lexIndentValue = p - start;
    if (this.lexIndentNext > this.lexIndentValue && !isEmptyChar(text, p + 1)) this.lexIndentNext = this.lexIndentValue;
    for (;;) {
      const c = text.charCodeAt(p);
      if ((c !== 0x2d && c !== 0x3f && c !== 0x3a) || !isEmptyChar(text, p + 1)) return;
      let q = p + 1;
      while (text.charCodeAt(q) === 0x20) q++;
      this.lexIndentNext = this.lexIndentValue + 1;
      this.lexIndentValue += q - p;
      p = q;
    }
  }

  /** `Lexer.parsePlainScalar` in block context: where the plain scalar starting at `i` ends, possibly on a later line. */
  private plainEnd(i: number): number {
    const text = this.text;
    let end = i;
    let k = i - 1;
    let c: number;
    while (!Number.isNaN((c = text.charCodeAt(++k)))) {
      if (c === 0x3a /* : */) {
        if (isEmptyChar(text, k + 1)) break;
        end = k + 1;
      } else if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) {
        if (c === 0x0d) {
          if (text.charCodeAt(k + 1) === 0x0a) {
            k++;
            c = 0x0a;
          } else end = k;
        }
        if (text.charCodeAt(k + 1) === 0x23) break;
        if (c === 0x0a) {
          const cs = this.continueScalar(k + 1);
          if (cs === -1) break;
          k = Math.max(k, cs - 2);
        }
      } else end = k + 1;
    }
    return end;
  }

  /** `Lexer.continueScalar`: where a plain scalar's next line goes on, or -1 when it ends the scalar. */
  private continueScalar(offset: number): number {
    const text = this.text;
    if (this.lexIndentNext > 0) {
      let indent = 0;
      while (text.charCodeAt(offset + indent) === 0x20) indent++;
      const c = text.charCodeAt(offset + indent);
      if (c === 0x0d && text.charCodeAt(offset + indent + 1) === 0x0a) return offset + indent + 1;
      return c === 0x0a || indent >= this.lexIndentNext ? offset + indent : -1;
    }
    const c = text.charCodeAt(offset);
    if ((c === 0x2d || c === 0x2e) && isMarker(text, offset, lineEndOf(text, offset))) return -1;
    return offset;
  }

  // ---- parser (yaml's Parser.next and Parser.step, for these tokens) ----

  private next(tok: Tok): void {
    tok.ind = this.indent;
    const t = tok.t;
    if (t === PLAIN || t === SINGLE || t === DOUBLE || t === ALIAS || t === FLOW) {
      this.atNewLine = false;
      this.step(tok);
      return;
    }
    if (t === BLOCK) {
      // Its lines end with a line break: the next token starts a line.
      this.step(tok);
      this.atNewLine = true;
      this.indent = 0;
      return;
    }
    this.step(tok);
    if (t === NEWLINE) {
      this.atNewLine = true;
      this.indent = 0;
    } else if (t === SPACE) {
      if (this.atNewLine) this.indent += tok.l;
    } else if (t === SEQ_IND || t === MAP_IND) {
      if (this.atNewLine) this.indent += tok.l;
    } else this.atNewLine = false;
  }

  private step(tok: Tok): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (isTrivia(tok.t)) return; // before the document: stream-level
      if (this.doc) decline(); // a second document
      this.doc = { kind: 'doc', o: tok.o, start: [] };
      this.stack.push(this.doc);
      if (tok.t === DOC_START) this.doc.start.push(tok);
      else this.step(tok);
      return;
    }
    if (!isFrame(top)) {
      if (top.t === FLOW) {
        if (tok.t === MAP_IND) decline();
        this.lineEnd(top, tok);
      } else this.scalar(top, tok);
      return;
    }
    if (top.kind === 'doc') this.document(top, tok);
    else if (top.kind === 'map') this.blockMap(top, tok);
    else this.blockSequence(top, tok);
  }

  private document(doc: DocFrame, tok: Tok): void {
    if (doc.value) decline();
    if (isTrivia(tok.t)) {
      doc.start.push(tok);
      return;
    }
    const t = tok.t;
    if (t === PLAIN || t === SINGLE || t === DOUBLE) this.stack.push(tok);
    else decline();
  }

  private scalar(scalar: ValueTok, tok: Tok): void {
    if (tok.t === MAP_IND) {
      if (scalar.t === ALIAS) decline();
      const prev = this.prevProps(this.stack[this.stack.length - 2] as Frame);
      const start = firstKeyStartProps(prev);
      let sep: Tok[];
      if (scalar.end) {
        sep = scalar.end;
        sep.push(tok);
        delete scalar.end;
      } else sep = [tok];
      if (++this.depth > MAX_DEPTH) decline();
      const map: MapFrame = { kind: 'map', o: scalar.o, ind: scalar.ind, items: [{ start, key: scalar, sep }] };
      this.onKeyLine = true;
      this.stack[this.stack.length - 1] = map;
    } else this.lineEnd(scalar, tok);
  }

  private lineEnd(token: ValueTok, tok: Tok): void {
    if (tok.t === MAP_IND) {
      this.pop();
      this.step(tok);
      return;
    }
    if (!isTrivia(tok.t)) decline();
    if (tok.t === NEWLINE) this.onKeyLine = false;
    if (token.end) token.end.push(tok);
    else token.end = [tok];
    if (tok.t === NEWLINE) this.pop();
  }

  private prevProps(parent: Frame): Tok[] {
    if (parent.kind === 'doc') return parent.start;
    if (parent.kind === 'map') {
      const it = parent.items[parent.items.length - 1]!;
      return it.sep ?? it.start;
    }
    return parent.items[parent.items.length - 1]!.start;
  }

  private pop(): void {
    const token = this.stack.pop()!;
    if (isFrame(token) && token.kind !== 'doc') this.depth--;
    if (this.stack.length === 0) return;
    const top = this.stack[this.stack.length - 1]!;
    if (!isFrame(top)) decline();
    // Block scalars use their parent's indentation rather than their header's.
    if (!isFrame(token) && token.t === BLOCK) token.ind = top.kind === 'doc' ? 0 : top.ind;
    if (top.kind === 'doc') top.value = token as Value;
    else if (top.kind === 'map') {
      const it = top.items[top.items.length - 1]!;
      // A value popped after a value, or into an item without `:`, would be a key.
      if (it.value || !it.sep) decline();
      it.value = token as Value;
    } else {
      const it = top.items[top.items.length - 1]!;
      if (it.value) top.items.push({ start: [], value: token as Value });
      else it.value = token as Value;
    }
    if (isFrame(token) && token.kind !== 'doc') {
      const last = token.items[token.items.length - 1];
      if (
        last &&
        !(last as MapItem).sep &&
        !last.value &&
        !(last as MapItem).key &&
        last.start.length > 0 &&
        last.start.every((st) => isTrivia(st.t)) &&
        (token.ind === 0 || last.start.every((st) => st.t !== COMMENT || st.ind < token.ind))
      ) {
        if (top.kind === 'doc') top.end = last.start;
        else if (top.kind === 'map') top.items.push({ start: last.start });
        else top.items.push({ start: last.start });
        token.items.pop();
      }
    }
  }

  /**
   * A comment indented past the collection, after nothing but blank lines,
   * goes to the end of the value before it (with those lines), when that
   * value collects trivia: the last item (those lines) is then dropped.
   */
  private movedToPreviousValue(items: (MapItem | SeqItem)[], tok: Tok, indent: number): boolean {
    const it = items[items.length - 1]!;
    if (!this.atIndentedComment(it.start, tok, indent)) return false;
    const prev = items[items.length - 2];
    const end = prev?.value && !isFrame(prev.value) ? prev.value.end : undefined;
    if (!end) return false;
    for (const st of it.start) end.push(st);
    end.push(tok);
    items.pop();
    return true;
  }

  private atIndentedComment(start: Tok[], tok: Tok, indent: number): boolean {
    if (tok.t !== COMMENT || this.indent <= indent) return false;
    // `start.every(…)`, scanned from the end: a comment met earlier is found at once, so
    // a run of blank lines followed by many indented comments is not scanned again for each.
    for (let i = start.length - 1; i >= 0; i--) {
      const t = start[i]!.t;
      if (t !== NEWLINE && t !== SPACE) return false;
    }
    return true;
  }

  private blockMap(map: MapFrame, tok: Tok): void {
    const items = map.items;
    const it = items[items.length - 1]!;
    const t = tok.t;
    if (t === NEWLINE) {
      this.onKeyLine = false;
      if (it.value) {
        const end = isFrame(it.value) ? undefined : it.value.end;
        if (end && end[end.length - 1]!.t === COMMENT) end.push(tok);
        else items.push({ start: [tok] });
      } else if (it.sep) it.sep.push(tok);
      else it.start.push(tok);
      return;
    }
    if (t === SPACE || t === COMMENT) {
      if (it.value) items.push({ start: [tok] });
      else if (it.sep) it.sep.push(tok);
      else if (!this.movedToPreviousValue(items, tok, map.ind)) it.start.push(tok);
      return;
    }
    if (this.indent >= map.ind) {
      const atMapIndent = !this.onKeyLine && this.indent === map.ind;
      const atNextItem = atMapIndent && !!it.sep && t !== SEQ_IND;
      let start: Tok[] = [];
      if (atNextItem && it.sep && !it.value) {
        // For empty nodes, newline-separated lines not indented past the map go to the next item.
        const nl: number[] = [];
        const sep = it.sep;
        for (let i = 0; i < sep.length; ++i) {
          const st = sep[i]!;
          if (st.t === NEWLINE) nl.push(i);
          else if (st.t === SPACE) continue;
          else if (st.t === COMMENT) {
            if (st.ind > map.ind) nl.length = 0;
          } else nl.length = 0;
        }
        if (nl.length >= 2) start = sep.splice(nl[1]!);
      }
      switch (t) {
        case ANCHOR:
          // On a key, or on a value after a key: only the latter is followed.
          if (atNextItem || it.value || !it.sep) decline();
          it.sep.push(tok);
          return;
        case MAP_IND:
          if (!it.sep || it.value || atNextItem || it.sep.some((st) => st.t === MAP_IND)) decline();
          it.sep.push(tok);
          this.onKeyLine = true;
          return;
        case ALIAS:
        case PLAIN:
        case SINGLE:
        case DOUBLE:
          if (atNextItem || it.value) {
            if (t === ALIAS) decline();
            items.push({ start, key: tok, sep: [] });
            this.onKeyLine = true;
          } else if (it.sep) this.stack.push(tok);
          else {
            if (t === ALIAS) decline();
            it.key = tok;
            it.sep = [];
            this.onKeyLine = true;
          }
          return;
        case FLOW:
          if (atMapIndent || !it.sep || it.value) decline();
          this.stack.push(tok);
          return;
        case BLOCK:
          if (atMapIndent || !it.sep || it.value) decline();
          this.stack.push(tok);
          this.pop();
          return;
        case SEQ_IND:
          if (!it.sep || it.value || !it.sep.some((st) => st.t === NEWLINE)) decline();
          if (++this.depth > MAX_DEPTH) decline();
          this.stack.push({ kind: 'seq', o: tok.o, ind: this.indent, items: [{ start: [tok] }] });
          return;
      }
      decline();
    }
    this.pop();
    this.step(tok);
  }

  private blockSequence(seq: SeqFrame, tok: Tok): void {
    const items = seq.items;
    const it = items[items.length - 1]!;
    const t = tok.t;
    switch (t) {
      case NEWLINE:
        if (it.value) {
          const end = isFrame(it.value) ? undefined : it.value.end;
          if (end && end[end.length - 1]!.t === COMMENT) end.push(tok);
          else items.push({ start: [tok] });
        } else it.start.push(tok);
        return;
      case SPACE:
      case COMMENT:
        if (it.value) items.push({ start: [tok] });
        else if (!this.movedToPreviousValue(items, tok, seq.ind)) it.start.push(tok);
        return;
      case ANCHOR:
        if (it.value || this.indent <= seq.ind) break;
        it.start.push(tok);
        return;
      case SEQ_IND:
        if (this.indent !== seq.ind) break;
        if (it.value || it.start.some((st) => st.t === SEQ_IND)) items.push({ start: [tok] });
        else it.start.push(tok);
        return;
    }
    if (this.indent > seq.ind) {
      if (t === PLAIN || t === SINGLE || t === DOUBLE || t === ALIAS || t === FLOW) {
        this.stack.push(tok);
        return;
      }
      if (t === BLOCK) {
        this.stack.push(tok);
        this.pop();
        return;
      }
      decline();
    }
    this.pop();
    this.step(tok);
  }
}

/** `getFirstKeyStartProps`: the props after the last line break or indicator of `prev`, moved out of it. */
function firstKeyStartProps(prev: Tok[]): Tok[] {
  if (prev.length === 0) return [];
  let i = prev.length;
  while (--i >= 0) {
    const t = prev[i]!.t;
    if (t === MAP_IND || t === SEQ_IND || t === NEWLINE || t === DOC_START) break;
  }
  while (prev[++i]?.t === SPACE) {
    /* skip */
  }
  const out = prev.splice(i, prev.length);
  // An anchor or comment moved onto a key is not followed here.
  for (const st of out) if (st.t === ANCHOR) decline();
  return out;
}

// ---- lexer helpers ----

function isBlankOrEnd(text: string, i: number, eol: number): boolean {
  return i >= eol || text.charCodeAt(i) === 0x20;
}

/** `---` or `...` at a line's start, followed by a blank or the end of the line. */
function isMarker(text: string, i: number, eol: number): boolean {
  const c = text.charCodeAt(i);
  return text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c && isBlankOrEnd(text, i + 3, eol);
}

/** Declines tabs, carriage returns, control characters and byte order marks in [i, end). */
function checkChars(text: string, i: number, end: number): void {
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff) decline();
  }
}

/** Like checkChars, with line breaks (`\n`, `\r\n`) allowed: a block scalar's lines. */
function checkChars2(text: string, i: number, end: number): void {
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k);
    if ((c < 0x20 && c !== 0x0a && (c !== 0x0d || text.charCodeAt(k + 1) !== 0x0a)) || (c >= 0x7f && c <= 0x9f) || c === 0xfeff) decline();
  }
}

/** Where an anchor's or alias's name ends (`yaml`'s lexer stops at blanks and flow indicators). */
function anchorEnd(text: string, i: number, eol: number): number {
  let j = i;
  for (; j < eol; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x20 || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) break;
  }
  checkChars(text, i, j);
  return j;
}

/** A plain scalar may start here (block context): not an indicator that this reader leaves to `yaml`. */
function canStartPlain(text: string, i: number, eol: number): boolean {
  const c = text.charCodeAt(i);
  switch (c) {
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x23: // #
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case 0x27: // '
    case 0x22: // "
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
      return false;
    case 0x2d: // -
    case 0x3f: // ?
    case 0x3a: // :
      return !isBlankOrEnd(text, i + 1, eol);
  }
  return true;
}

/** `isEmpty` of `yaml`'s lexer: the end of the text, a blank or a line break. */
function isEmptyChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return Number.isNaN(c) || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** `yaml`'s double-quoted escapes (a tab after the backslash is left to `yaml`: tabs are declined). */
const ESCAPES: Record<string, string | undefined> = Object.assign(Object.create(null) as Record<string, string>, {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
});

/** A quoted scalar closed on its line: its end (past the quote) and value. */
function readQuoted(text: string, i: number, eol: number): { end: number; value: string } {
  const q = text.charCodeAt(i);
  let value = '';
  let from = i + 1;
  for (let k = i + 1; k < eol; k++) {
    const c = text.charCodeAt(k);
    if (c === q) {
      if (q === 0x27 && text.charCodeAt(k + 1) === 0x27) {
        value += text.slice(from, k + 1);
        from = k + 2;
        k++;
        continue;
      }
      checkChars(text, i, k);
      return { end: k + 1, value: value + text.slice(from, k) };
    }
    if (q === 0x22 && c === 0x5c /* \ */) {
      value += text.slice(from, k);
      const e = text[k + 1];
      const code = e === undefined || k + 1 >= eol ? undefined : ESCAPES[e];
      if (code !== undefined) {
        value += code;
        k++;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = text.slice(k + 2, k + 2 + len);
        if (k + 2 + len > eol || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) decline();
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) decline();
        value += String.fromCodePoint(cp);
        k += 1 + len;
      } else decline();
      from = k + 1;
    }
  }
  return decline();
}

/**
 * A flow collection without nesting, on one line or over several: quoted
 * scalars, aliases and plain scalars without `:`, `#` or brackets, separated
 * by commas (a map's entries as `key: value`, each on one line), a trailing
 * comma at most, and comments and line breaks between them. A line inside
 * must be indented to `indentNext` (a comment line need not be, and the
 * closing bracket may sit one column less), as `yaml`'s lexer requires.
 *
 * Where the trivia after an item goes decides where its range ends: in a
 * sequence everything up to the next comma or bracket is the item's (the CST
 * parser keeps it as the item's `sep`, then moves it to the value's end); in
 * a map a value takes what follows it up to its line break, or up to the
 * comma or bracket on its line.
 */
function readFlow(text: string, open: number, indentNext: number): FlowRead {
  const n = text.length;
  const map = text.charCodeAt(open) === 0x7b;
  const closeChar = map ? 0x7d : 0x5d;
  const items: ValueTok[] = [];
  let lineIndent = -1;
  let firstNewline = -1;
  /** Where the line being read ends (worked out once per line). */
  let lineEnd = lineEndOf(text, open);
  /** Skips blanks, comments and line breaks from `i`; notes the first line break met. */
  const gap = (i: number): number => {
    firstNewline = -1;
    for (;;) {
      while (i < n && text.charCodeAt(i) === 0x20) i++;
      if (i >= n) decline();
      const c = text.charCodeAt(i);
      if (c === 0x23 /* # */) {
        const before = text.charCodeAt(i - 1);
        if (before !== 0x20 && before !== 0x0a) decline();
        if (lineEnd >= n) decline();
        checkChars(text, i, lineEnd);
        i = lineEnd;
        continue;
      }
      if (c !== 0x0a && c !== 0x0d) return i;
      if (firstNewline < 0) firstNewline = i;
      i += breakLength(text, i);
      lineEnd = lineEndOf(text, i);
      let k = i;
      while (k < n && text.charCodeAt(k) === 0x20) k++;
      const d = text.charCodeAt(k);
      if (k < n && d !== 0x0a && d !== 0x0d && d !== 0x23) {
        const indent = k - i;
        if (indent < indentNext && !(indent === indentNext - 1 && d === closeChar)) decline();
        if (indent === 0 && (d === 0x2d || d === 0x2e) && isMarker(text, k, lineEnd)) decline();
        lineIndent = indent;
      }
      i = k;
    }
  };
  let i = gap(open + 1);
  let expectValue = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === closeChar && !expectValue) return { map, close: i + 1, items, lineIndent };
    const eol = lineEnd;
    let tok: ValueTok;
    if (c === 0x22 || c === 0x27) {
      const q = readQuoted(text, i, eol);
      tok = { t: c === 0x22 ? DOUBLE : SINGLE, o: i, l: q.end - i, ind: 0, text: q.value };
    } else if (c === 0x2a) {
      if (map) decline();
      const e = anchorEnd(text, i + 1, eol);
      if (e === i + 1 || text.charCodeAt(e - 1) === 0x3a) decline();
      tok = { t: ALIAS, o: i, l: e - i, ind: 0, text: text.slice(i + 1, e) };
    } else {
      if (!canStartPlain(text, i, eol) || c === 0x2d || c === 0x3f || c === 0x3a) decline();
      let e = i;
      let last = i;
      for (; e < eol; e++) {
        const d = text.charCodeAt(e);
        if (d === 0x2c || d === 0x5d || d === 0x7d) break;
        if (d === 0x3a || d === 0x23 || d === 0x5b || d === 0x7b) {
          if (map && d === 0x3a && !expectValue && isBlankOrEnd(text, e + 1, eol)) break;
          if (d === 0x23 && text.charCodeAt(e - 1) === 0x20) break;
          decline();
        }
        if (d !== 0x20) last = e + 1;
      }
      // A plain scalar that reaches its line's end would go on on the next line.
      if (e === eol) decline();
      checkChars(text, i, last);
      tok = { t: PLAIN, o: i, l: last - i, ind: 0 };
    }
    items.push(tok);
    const valueEnd = tok.o + tok.l;
    if (map && !expectValue) {
      // A key: `:` and a blank right after it, then the value on the same line.
      if (text.charCodeAt(valueEnd) !== 0x3a || !isBlankOrEnd(text, valueEnd + 1, eol)) decline();
      const j = skipSpaces(text, valueEnd + 1, eol);
      if (j === eol || text.charCodeAt(j) === 0x2c || text.charCodeAt(j) === closeChar || text.charCodeAt(j) === 0x23) decline();
      expectValue = true;
      i = j;
      continue;
    }
    const j = gap(valueEnd);
    // A map value ends at its line break, and the next line's first token starts the next
    // item's props: a comment there with no blank before it is an error for `yaml`.
    const afterBreak = firstNewline >= 0 ? firstNewline + breakLength(text, firstNewline) : -1;
    if (map && afterBreak >= 0 && text.charCodeAt(afterBreak) === 0x23) decline();
    // A sequence item keeps everything up to the comma or bracket; a map value, up to its line break.
    const kept = map && afterBreak >= 0 ? afterBreak - valueEnd : j - valueEnd;
    if (kept > 0) tok.end = [{ t: SPACE, o: valueEnd, l: kept, ind: 0 }];
    expectValue = false;
    const d = text.charCodeAt(j);
    if (d === 0x2c) {
      i = gap(j + 1);
      if (text.charCodeAt(i) === 0x2c) decline();
      continue;
    }
    if (d === closeChar) return { map, close: j + 1, items, lineIndent };
    decline();
  }
}

/** Where the line holding `i` ends: its line break (`\n`, or the `\r` of `\r\n`), or the end of the text. */
function lineEndOf(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  if (e < 0) return text.length;
  return e > i && text.charCodeAt(e - 1) === 0x0d ? e - 1 : e;
}

/** The length of the line break at `i` (2 for `\r\n`). */
function breakLength(text: string, i: number): number {
  return text.charCodeAt(i) === 0x0d ? 2 : 1;
}

/** `splitLines` of `resolveBlockScalar`: each line as [indentation, content]. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0]!;
  const m = /^( *)/.exec(first);
  const lines: [string, string][] = [m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i]!, split[i + 1]!]);
  return lines;
}

function skipSpaces(text: string, i: number, eol: number): number {
  while (i < eol && text.charCodeAt(i) === 0x20) i++;
  return i;
}

// ---- composer (yaml's resolveBlockMap, resolveBlockSeq, composeScalar…) ----

interface Props {
  found: Tok | undefined;
  anchor: ValueTok | undefined;
  hasComment: boolean;
  hasNewline: boolean;
  end: number;
}

const SCALAR_TAG = Symbol.for('yaml.scalar');

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (msg: string) => void, options: unknown): unknown;
}

function compose(doc: YDocument.Parsed, frame: DocFrame, text: string): void {
  const { Scalar: ScalarNode, Pair: PairNode, Map: MapNode, Seq: SeqNode, Alias, ScalarClass, PLAIN: TYPE_PLAIN, QUOTE_DOUBLE: TYPE_DOUBLE, QUOTE_SINGLE: TYPE_SINGLE, BLOCK_LITERAL: TYPE_LITERAL, BLOCK_FOLDED: TYPE_FOLDED } = nodeBuilders();
  const schema = doc.schema as unknown as { tags: ScalarTag[]; compat: unknown; [SCALAR_TAG]: ScalarTag };
  if (schema.compat) decline();
  const tags = schema.tags;
  const stringTag = schema[SCALAR_TAG];
  const options = doc.options;
  const fail = (): never => decline();

  const resolveProps = (tokens: Tok[], offset: number, indicator: number): Props => {
    let found: Tok | undefined;
    let anchor: ValueTok | undefined;
    let hasComment = false;
    let hasNewline = false;
    for (const st of tokens) {
      switch (st.t) {
        case SPACE:
          break;
        case COMMENT:
          hasComment = true;
          break;
        case NEWLINE:
          hasNewline = true;
          break;
        case ANCHOR:
          if (anchor || found === undefined) decline();
          anchor = st as ValueTok;
          break;
        default:
          if (st.t !== indicator || found) decline();
          found = st;
      }
    }
    const last = tokens[tokens.length - 1];
    return { found, anchor, hasComment, hasNewline, end: last ? last.o + last.l : offset };
  };

  const endOf = (offset: number, end: Tok[] | undefined): number => {
    if (end) for (const st of end) offset += st.l;
    return offset;
  };

  const scalarNode = (tok: ValueTok, atKey: boolean): YScalar => {
    const valueEnd = tok.o + tok.l;
    let node: YScalar;
    if (tok.t === PLAIN) {
      const value = text.slice(tok.o, valueEnd);
      let tag: ScalarTag = stringTag;
      for (const t of tags) {
        if ((t.default === true || (atKey && t.default === 'key')) && t.test?.test(value)) {
          tag = t;
          break;
        }
      }
      const res = tag.resolve(value, fail, options);
      node = res instanceof ScalarClass ? res : new ScalarNode(res);
      node.source = value;
      node.type = TYPE_PLAIN;
      if (tag.format) node.format = tag.format;
    } else {
      const value = tok.text!;
      node = new ScalarNode(stringTag.resolve(value, fail, options));
      node.source = value;
      node.type = tok.t === DOUBLE ? TYPE_DOUBLE : TYPE_SINGLE;
    }
    node.range = [tok.o, valueEnd, endOf(valueEnd, tok.end)];
    return node;
  };

  const emptyNode = (offset: number, before: Tok[], props: Props): YScalar => {
    if (props.anchor) decline();
    // emptyScalarPosition
    for (let i = before.length - 1; i >= 0; --i) {
      const st = before[i]!;
      if (isTrivia(st.t)) {
        offset -= st.l;
        continue;
      }
      let k = i + 1;
      while (before[k]?.t === SPACE) offset += before[k++]!.l;
      break;
    }
    const node = scalarNode({ t: PLAIN, o: offset, l: 0, ind: -1 }, false);
    if (props.hasComment) node.range![2] = props.end;
    return node;
  };

  const node = (value: Value, props: Props, atKey: boolean): YNode => {
    let out: YNode;
    if (isFrame(value)) {
      if (value.kind === 'map') out = blockMap(value);
      else if (value.kind === 'seq') out = blockSeq(value);
      else return decline();
    } else if (value.t === ALIAS) {
      if (props.anchor || atKey) decline();
      const alias = new Alias(value.text!);
      const valueEnd = value.o + value.l;
      alias.range = [value.o, valueEnd, endOf(valueEnd, value.end)];
      return alias;
    } else if (value.t === FLOW) out = flow(value);
    else if (value.t === BLOCK) out = blockScalar(value);
    else out = scalarNode(value, atKey);
    if (props.anchor) (out as YScalar).anchor = props.anchor.text!;
    return out;
  };

  const blockMap = (bm: MapFrame): YMap => {
    const map = new MapNode(doc.schema);
    let offset = bm.o;
    let commentEnd: number | undefined;
    for (const item of bm.items) {
      const { start, key, sep, value } = item;
      const keyProps = resolveProps(start, offset, -1);
      if (keyProps.anchor) decline();
      if (!key && !sep) {
        commentEnd = keyProps.end;
        continue;
      }
      if (!key || !sep || key.ind !== bm.ind) decline();
      const keyNode = scalarNode(key, true);
      if (key.end) decline();
      const valueProps = resolveProps(sep, keyNode.range![2], MAP_IND);
      if (!valueProps.found) decline();
      offset = valueProps.end;
      if (value && isFrame(value) && value.kind === 'map' && !valueProps.hasNewline) decline();
      const valueNode = value ? node(value, valueProps, false) : emptyNode(offset, sep, valueProps);
      offset = valueNode.range![2];
      map.items.push(new PairNode(keyNode, valueNode));
    }
    if (commentEnd !== undefined && commentEnd < offset) decline();
    map.range = [bm.o, offset, commentEnd ?? offset];
    return map;
  };

  const blockSeq = (bs: SeqFrame): YSeq => {
    const seq = new SeqNode(doc.schema);
    let offset = bs.o;
    let commentEnd: number | undefined;
    for (const { start, value } of bs.items) {
      const props = resolveProps(start, offset, SEQ_IND);
      if (!props.found) {
        if (props.anchor || value) decline();
        commentEnd = props.end;
        continue;
      }
      const item = value ? node(value, props, false) : emptyNode(props.end, start, props);
      offset = item.range![2];
      seq.items.push(item);
    }
    seq.range = [bs.o, offset, commentEnd ?? offset];
    return seq;
  };

  /** `resolveBlockScalar`: the value of a block scalar's lines, folded or literal, chomped. */
  const blockScalar = (tok: ValueTok): YScalar => {
    const header = tok.header!;
    const literal = header[0] === '|';
    const chomp = header.includes('-') ? '-' : header.includes('+') ? '+' : '';
    const digit = /[1-9]/.exec(header);
    const headerIndent = digit ? Number(digit[0]) : 0;
    const source = tok.source!;
    const start = tok.o;
    const end = start + tok.headerLength! + source.length;
    const done = (value: string): YScalar => {
      const node = new ScalarNode(stringTag.resolve(value, fail, options));
      node.source = value;
      node.type = literal ? TYPE_LITERAL : TYPE_FOLDED;
      node.range = [start, end, end];
      return node;
    };
    const lines = source ? splitLines(source) : [];
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
      const content = lines[i]![1];
      if (content === '' || content === '\r') chompStart = i;
      else break;
    }
    if (chompStart === 0) return done(chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '');
    let trimIndent = tok.ind + headerIndent;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
      const [indent, content] = lines[i]!;
      if (content === '' || content === '\r') {
        if (headerIndent === 0 && indent.length > trimIndent) trimIndent = indent.length;
      } else {
        if (indent.length < trimIndent) decline();
        if (headerIndent === 0) trimIndent = indent.length;
        contentStart = i;
        if (trimIndent === 0) decline();
        break;
      }
    }
    for (let i = lines.length - 1; i >= chompStart; --i) if (lines[i]![0].length > trimIndent) chompStart = i + 1;
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    for (let i = 0; i < contentStart; ++i) value += lines[i]![0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
      const indent = lines[i]![0];
      let content = lines[i]![1];
      if (content.endsWith('\r')) content = content.slice(0, -1);
      if (content && indent.length < trimIndent) decline();
      if (literal) {
        value += sep + indent.slice(trimIndent) + content;
        sep = '\n';
      } else if (indent.length > trimIndent) {
        if (sep === ' ') sep = '\n';
        else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
        value += sep + indent.slice(trimIndent) + content;
        sep = '\n';
        prevMoreIndented = true;
      } else if (content === '') {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + content;
        sep = ' ';
        prevMoreIndented = false;
      }
    }
    if (chomp === '+') {
      for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i]![0].slice(trimIndent);
      if (value[value.length - 1] !== '\n') value += '\n';
    } else if (chomp === '') value += '\n';
    return done(value);
  };

  const flow = (tok: ValueTok): YMap | YSeq => {
    const f = tok.flow!;
    const coll = f.map ? new MapNode(doc.schema) : new SeqNode(doc.schema);
    coll.flow = true;
    const noProps: Props = { found: undefined, anchor: undefined, hasComment: false, hasNewline: false, end: 0 };
    if (f.map) {
      for (let i = 0; i < f.items.length; i += 2) {
        const k = scalarNode(f.items[i]!, true);
        const v = node(f.items[i + 1]!, noProps, false);
        (coll as YMap).items.push(new PairNode(k, v));
      }
    } else for (const item of f.items) (coll as YSeq).items.push(node(item, noProps, false));
    coll.range = [tok.o, f.close, endOf(f.close, tok.end)];
    return coll;
  };

  const docProps = resolveProps(frame.start, frame.o, DOC_START);
  // `--- key: value` on one line is an error for `yaml`.
  if (docProps.found && !docProps.hasNewline) decline();
  if (docProps.found) doc.directives!.docStart = true;
  const contents = node(frame.value!, { found: undefined, anchor: undefined, hasComment: false, hasNewline: false, end: frame.o }, false);
  doc.contents = contents as YDocument.Parsed['contents'];
  const contentEnd = contents.range![2];
  doc.range = [frame.o, contentEnd, endOf(contentEnd, frame.end)];
}
