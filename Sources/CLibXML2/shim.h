#ifndef SESAME_CLIBXML2_SHIM_H
#define SESAME_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, so libxml/encoding.h would pull in the
   system <unicode/ucnv.h>, whose UErrorCode clashes with Foundation's own
   ICU copy in any module importing both. Nothing here touches the ICU
   fields (they sit at the end of xmlCharEncodingHandler, only ever used
   through pointers), so the include is switched off. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/globals.h>
#include <string.h>

/* ---- Error silencing ---------------------------------------------------
   libxml2 prints errors to stderr through per-thread handlers. The module
   swaps them for no-ops around each call and restores them afterwards, so
   nothing leaks to stderr and no lasting global state is changed. */
static inline void sesame_xml_silent_structured(void *ctx, xmlErrorPtr err) { (void)ctx; (void)err; }
static inline void sesame_xml_silent_generic(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

typedef struct {
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
    xmlGenericErrorFunc generic;
    void *generic_ctx;
} sesame_xml_error_state;

static inline sesame_xml_error_state sesame_xml_silence_errors(void) {
    sesame_xml_error_state saved;
    saved.structured = xmlStructuredError;
    saved.structured_ctx = xmlStructuredErrorContext;
    saved.generic = xmlGenericError;
    saved.generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(NULL, sesame_xml_silent_structured);
    xmlSetGenericErrorFunc(NULL, sesame_xml_silent_generic);
    return saved;
}

static inline void sesame_xml_restore_errors(sesame_xml_error_state saved) {
    xmlSetStructuredErrorFunc(saved.structured_ctx, saved.structured);
    xmlSetGenericErrorFunc(saved.generic_ctx, saved.generic);
}

/* xmlFree is a global function pointer (or a macro); give Swift a function. */
static inline void sesame_xml_free(void *p) { xmlFree(p); }

/* ---- Guarded parsing ---------------------------------------------------
   SAX hooks: a DOCTYPE stops the parser before its internal subset (and so
   any entity declaration) is read; elements deeper than max_depth stop it
   before the tree grows further. */
#define SESAME_PARSE_OK 0
#define SESAME_PARSE_DOCTYPE 1
#define SESAME_PARSE_TOO_DEEP 2
#define SESAME_PARSE_MALFORMED 3

typedef struct {
    int max_depth;
    int doctype_seen;
    int too_deep;
} sesame_xml_guard;

static inline void sesame_xml_guard_internal_subset(void *ctx, const xmlChar *name,
                                                    const xmlChar *external_id,
                                                    const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    sesame_xml_guard *guard = (sesame_xml_guard *)ctxt->_private;
    if (guard != NULL) guard->doctype_seen = 1;
    xmlStopParser(ctxt);
}

static inline void sesame_xml_guard_start_element(void *ctx, const xmlChar *localname,
                                                  const xmlChar *prefix, const xmlChar *uri,
                                                  int nb_namespaces, const xmlChar **namespaces,
                                                  int nb_attributes, int nb_defaulted,
                                                  const xmlChar **attributes) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    sesame_xml_guard *guard = (sesame_xml_guard *)ctxt->_private;
    /* nameNr counts the open ancestors; this element is one level deeper. */
    if (guard != NULL && ctxt->nameNr + 1 > guard->max_depth) {
        guard->too_deep = 1;
        xmlStopParser(ctxt);
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
}

/* Parses buf with the given options. Returns the document (caller frees)
   or NULL with *status set; message (if any) is copied into msg. */
static inline xmlDocPtr sesame_xml_parse(const char *buf, int len, int options, int max_depth,
                                         int *status, char *msg, int msg_len) {
    *status = SESAME_PARSE_MALFORMED;
    if (msg_len > 0) msg[0] = 0;
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buf, len);
    if (ctxt == NULL) return NULL;
    sesame_xml_guard guard = { max_depth, 0, 0 };
    ctxt->_private = &guard;
    xmlCtxtUseOptions(ctxt, options);
    ctxt->sax->serror = sesame_xml_silent_structured;
    ctxt->sax->error = NULL;
    ctxt->sax->warning = NULL;
    ctxt->sax->fatalError = NULL;
    ctxt->sax->internalSubset = sesame_xml_guard_internal_subset;
    ctxt->sax->externalSubset = NULL;
    ctxt->sax->startElementNs = sesame_xml_guard_start_element;
    xmlParseDocument(ctxt);
    xmlDocPtr doc = ctxt->myDoc;
    int ok = ctxt->wellFormed && ctxt->nsWellFormed && !guard.doctype_seen && !guard.too_deep;
    if (!ok) {
        if (guard.doctype_seen) *status = SESAME_PARSE_DOCTYPE;
        else if (guard.too_deep) *status = SESAME_PARSE_TOO_DEEP;
        else *status = SESAME_PARSE_MALFORMED;
        if (msg_len > 0 && ctxt->lastError.message != NULL) {
            strncpy(msg, ctxt->lastError.message, (size_t)msg_len - 1);
            msg[msg_len - 1] = 0;
        }
        if (doc != NULL) xmlFreeDoc(doc);
        ctxt->myDoc = NULL;
        doc = NULL;
    } else {
        *status = SESAME_PARSE_OK;
    }
    ctxt->_private = NULL;
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ---- Exclusive canonicalization of one subtree --------------------------
   The node set is "root and its descendants, minus exclude and its
   descendants" (exclude is the enveloped Signature, or NULL). */
typedef struct {
    xmlNodePtr root;
    xmlNodePtr exclude;
} sesame_c14n_scope;

static inline int sesame_c14n_is_visible(void *user_data, xmlNodePtr node, xmlNodePtr parent) {
    sesame_c14n_scope *scope = (sesame_c14n_scope *)user_data;
    /* Namespace nodes have no parent pointer; libxml2 passes the element. */
    xmlNodePtr cur = (node == NULL || node->type == XML_NAMESPACE_DECL) ? parent : node;
    for (; cur != NULL; cur = cur->parent) {
        if (cur == scope->exclude) return 0;
        if (cur == scope->root) return 1;
    }
    return 0;
}

/* Returns a buffer holding the canonical octets (caller closes it) or NULL. */
static inline xmlOutputBufferPtr sesame_c14n_subtree(xmlDocPtr doc, xmlNodePtr root, xmlNodePtr exclude,
                                                     int mode, xmlChar **inclusive_prefixes,
                                                     int with_comments) {
    sesame_c14n_scope scope = { root, exclude };
    xmlOutputBufferPtr out = xmlAllocOutputBuffer(NULL);
    if (out == NULL) return NULL;
    int r = xmlC14NExecute(doc, sesame_c14n_is_visible, &scope, mode, inclusive_prefixes,
                           with_comments, out);
    if (r < 0) {
        xmlOutputBufferClose(out);
        return NULL;
    }
    return out;
}
#endif
