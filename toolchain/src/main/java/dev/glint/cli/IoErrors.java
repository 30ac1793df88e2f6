package dev.glint.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns I/O exceptions into the one-line "file: problem" form the command line prints. */
public final class IoErrors {
    private IoErrors() {}

    /** A one-line description naming the file when the exception knows it. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException fse && fse.getFile() != null) {
            String file = fse.getFile();
            String what;
            if (e instanceof NoSuchFileException) {
                what = "no such file or directory";
            } else if (e instanceof AccessDeniedException) {
                what = "permission denied";
            } else if (e instanceof FileAlreadyExistsException) {
                what = "already exists and is not a directory";
            } else if (e instanceof NotDirectoryException) {
                what = "not a directory";
            } else if (e instanceof DirectoryNotEmptyException) {
                what = "directory not empty";
            } else {
                what = fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
            }
            return file + ": " + what;
        }
        String message = e.getMessage();
        return message != null ? message : e.getClass().getSimpleName();
    }
}
