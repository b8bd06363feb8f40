#ifndef SESAME_COPENSSL_SHIM_H
#define SESAME_COPENSSL_SHIM_H
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/hmac.h>

/* OPENSSL_free is a macro; Swift cannot call macros. */
static inline void sesame_openssl_free(void *p) { OPENSSL_free(p); }

/* BIO_get_mem_data is a macro. Returns the length and sets *data. */
static inline long sesame_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/* A PEM password callback that never prompts on the terminal: it hands
   OpenSSL the caller's password (or nothing), so an encrypted key without a
   password fails instead of blocking on stdin. */
static inline int sesame_pem_password_cb(char *buf, int size, int rwflag, void *u) {
    (void)rwflag;
    if (u == NULL) return 0;
    size_t len = strlen((const char *)u);
    if (len > (size_t)size) return 0;
    memcpy(buf, u, len);
    return (int)len;
}

/* XN_FLAG_RFC2253 is a compound macro Swift cannot import. */
static inline unsigned long sesame_xn_flag_rfc2253(void) { return XN_FLAG_RFC2253; }
#endif
