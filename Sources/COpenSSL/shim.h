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
#endif
