/* analyzer/base/status.h - the result type of everything that can fail. SSOT_OK is 0. */
#ifndef SSOT_ANALYZER_STATUS_H
#define SSOT_ANALYZER_STATUS_H

typedef enum ssot_status {
    SSOT_OK = 0,
    SSOT_ERR_USAGE,     /* bad arguments or configuration */
    SSOT_ERR_IO,        /* a file could not be read or written */
    SSOT_ERR_INPUT,     /* a file is not what it should be */
    SSOT_ERR_INTERNAL,  /* a library failed */
} ssot_status;

#endif /* SSOT_ANALYZER_STATUS_H */
