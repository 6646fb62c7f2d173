// OpenSSL's libcrypto (Debian libssl-dev, already pulled in by libcurl4-openssl-dev): SHA-256
// for the audit log's hash chain and signature checks for OIDC ID tokens.
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/bn.h>
#include <openssl/err.h>
