// OpenSSL's libcrypto (Debian libssl-dev, already pulled in by libcurl4-openssl-dev): SHA-256
// for the audit log's hash chain and signature checks for OIDC ID tokens.
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/bn.h>
#include <openssl/err.h>

// Device login (Sources/CairnAccess/Login): ID-token signatures from a JSON Web Key.
#include <openssl/ec.h>
#include <openssl/rsa.h>

/* EVP_PKEY_PUBLIC_KEY is a macro built from other macros, which Swift does not import. */
static inline int cairn_evp_pkey_public_key_selection(void) { return EVP_PKEY_PUBLIC_KEY; }

/* OSSL_PARAM key names for EVP_PKEY_fromdata. */
static inline const char *cairn_param_rsa_n(void) { return OSSL_PKEY_PARAM_RSA_N; }
static inline const char *cairn_param_rsa_e(void) { return OSSL_PKEY_PARAM_RSA_E; }
static inline const char *cairn_param_group_name(void) { return OSSL_PKEY_PARAM_GROUP_NAME; }
static inline const char *cairn_param_public_key(void) { return OSSL_PKEY_PARAM_PUB_KEY; }

/* RSASSA-PSS as JWS PS256 wants it (RFC 7518 §3.5): MGF1 with the message digest, salt as long as the digest. */
static inline int cairn_set_rsa_pss_padding(EVP_PKEY_CTX *context) {
    if (EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) <= 0) return 0;
    return EVP_PKEY_CTX_set_rsa_pss_saltlen(context, RSA_PSS_SALTLEN_DIGEST) > 0;
}
